"use server";

import { redirect } from "next/navigation";
import { getLetterTemplate, getPublicCampaign } from "@/lib/campaigns/public";
import { fieldErrors, formValues, type FormState } from "@/lib/server/forms";
import { getLetterDraft, letterInputSchema, listLetterTargets, mergeValuesFor, saveLetterDraft } from "@/lib/letters/compose";
import { renderTemplate, storePersonalSlot } from "@/lib/letters/text";
import { submitLetter } from "@/lib/letters/lifecycle";
import { paths } from "@/lib/paths";
import { translator } from "@/lib/i18n";
import { readFlow } from "@/lib/signing/flow-cookie";

const FIELDS = ["representativeId", "subject", "personal", "body"] as const;

export async function saveLetterAction(locale: string, slug: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, FIELDS);
  const campaign = await getPublicCampaign(slug, locale);
  const flow = campaign ? await readFlow(campaign.id) : null;
  if (!campaign || !flow) return { values, errors: {}, formError: "session.expired" };
  const parsed = letterInputSchema.safeParse(values);
  if (!parsed.success) return { values, errors: fieldErrors(parsed.error) };
  const target = (await listLetterTargets(flow.id, campaign.id)).find((t) => t.representativeId === parsed.data.representativeId);
  if (!target) return { values, errors: {}, formError: "generic" };
  const template = await getLetterTemplate(campaign.id, campaign.locale);
  const baseline = template ? renderTemplate(template.body, { ...mergeValuesFor(target, flow, template.locale), personal_paragraph: "" }) : "";
  const body = storePersonalSlot(parsed.data.body, translator(locale)("letter.personalSlot"), parsed.data.personal);
  const saved = await saveLetterDraft(flow.id, campaign.id, { ...parsed.data, body }, baseline);
  if (!saved.ok) return { values, errors: {}, formError: saved.error === "letter.notATarget" ? "generic" : saved.error };
  redirect(paths.preview(locale, slug, target.representativeId));
}

export async function sendLetterAction(locale: string, slug: string, representativeId: string): Promise<void> {
  const campaign = await getPublicCampaign(slug, locale);
  const flow = campaign ? await readFlow(campaign.id) : null;
  if (!campaign || !flow) redirect(paths.sign(locale, slug));
  const draft = await getLetterDraft(flow.id, representativeId);
  if (!draft || draft.status !== "draft") redirect(paths.write(locale, slug, representativeId));
  const result = await submitLetter(flow.id, campaign.id, draft.id);
  if (!result.ok) redirect(paths.write(locale, slug, representativeId));
  if (!flow.proven) redirect(paths.checkEmail(locale, slug, { letter: "held", to: representativeId }));
  redirect(paths.sent(locale, slug, representativeId, { waiting: result.status === "held" }));
}
