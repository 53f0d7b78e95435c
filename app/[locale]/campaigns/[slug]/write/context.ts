import { notFound, redirect } from "next/navigation";
import { getLetterTemplate, getPublicCampaign } from "@/lib/campaigns";
import { listLetterTargets, mergeValuesFor, renderTemplate } from "@/lib/letters";
import { readFlow } from "../flow";

/** Everything the write and preview steps need, or a redirect to where the supporter should be. */
export async function loadWriteContext(locale: string, slug: string, to: string | undefined) {
  const campaign = await getPublicCampaign(slug, locale);
  if (!campaign) notFound();
  const session = await readFlow(campaign.id);
  if (!session) redirect(`/${locale}/campaigns/${slug}/sign`);
  const targets = await listLetterTargets(session.signature.id);
  if (targets.length === 0) redirect(`/${locale}/campaigns/${slug}/${session.signature.residency === "resident" ? "riding" : "check-email"}`);
  const target = targets.find((t) => t.representativeId === to) ?? targets[0];
  const template = await getLetterTemplate(campaign.id, campaign.locale);
  if (!template) redirect(`/${locale}/campaigns/${slug}/check-email`);
  const values = mergeValuesFor(target, session.signature, template.locale);
  /** The template as the supporter starts from it: merge fields filled, the personal slot kept. */
  const startingBody = renderTemplate(template.body, values);
  /** What "how personal" is measured against: the template with an empty personal paragraph. */
  const baseline = renderTemplate(template.body, { ...values, personal_paragraph: "" });
  return {
    campaign,
    session,
    target,
    targets,
    template,
    startingBody,
    baseline,
    subjects: template.subjects.map((s) => renderTemplate(s, values)),
    prompt: renderTemplate(template.personalPrompt, values),
  };
}
