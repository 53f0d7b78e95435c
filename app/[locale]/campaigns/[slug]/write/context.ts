import { notFound, redirect } from "next/navigation";
import { getLetterTemplate, getPublicCampaign } from "@/lib/campaigns/public";
import { getTranslations } from "next-intl/server";
import { listLetterTargets, listTargetProgress, mergeValuesFor } from "@/lib/letters/compose";
import { renderTemplate, showPersonalSlot } from "@/lib/letters/text";
import { paths } from "@/lib/paths";
import { readFlow } from "@/lib/signing/flow-cookie";

/**
 * Everything the write and preview steps need, or a redirect to where the supporter should be.
 * Built from this browser's flow only: the name, postal code and riding it typed and chose.
 */
export async function loadWriteContext(locale: string, slug: string, to: string | undefined) {
  const campaign = await getPublicCampaign(slug, locale);
  if (!campaign) notFound();
  const flow = await readFlow(campaign.id);
  if (!flow) redirect(paths.sign(locale, slug));
  const targets = await listLetterTargets(flow.id, campaign.id);
  if (targets.length === 0) redirect(flow.residency === "resident" ? paths.riding(locale, slug) : paths.checkEmail(locale, slug));
  const progress = await listTargetProgress(flow.id, campaign.id);
  const stateOf = (id: string) => progress.find((p) => p.representativeId === id)?.state ?? "none";
  const target = targets.find((t) => t.representativeId === to) ?? targets.find((t) => ["none", "draft"].includes(stateOf(t.representativeId))) ?? targets[0];
  const template = await getLetterTemplate(campaign.id, locale, campaign.locales);
  if (!template) redirect(paths.checkEmail(locale, slug));
  const marker = (await getTranslations({ locale })).raw("letter.personalSlot") as string;
  const values = mergeValuesFor(target, flow, template.locale);
  return {
    campaign,
    flow,
    target,
    targets,
    stateOf,
    /** The next target this browser has not written to yet, after `target`. */
    next: targets.find((t) => t.representativeId !== target.representativeId && ["none", "draft"].includes(stateOf(t.representativeId))) ?? null,
    template,
    marker,
    /** The template as the supporter starts from it: merge fields filled, the personal slot shown as a marker. */
    startingBody: showPersonalSlot(renderTemplate(template.body, values), marker),
    /** What "how personal" is measured against: the template with an empty personal paragraph. */
    baseline: renderTemplate(template.body, { ...values, personal_paragraph: "" }),
    subjects: template.subjects.map((s) => renderTemplate(s, values)),
    prompt: renderTemplate(template.personalPrompt, values),
  };
}
