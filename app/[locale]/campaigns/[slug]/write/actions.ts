"use server";

import { redirect } from "next/navigation";
import { getLetterTemplate, getPublicCampaign } from "@/lib/campaigns";
import { fieldErrors, formValues, type FormState } from "@/lib/forms";
import { getLetterDraft, letterInputSchema, listLetterTargets, mergeValuesFor, renderTemplate, saveLetterDraft, submitLetter } from "@/lib/letters";
import { readFlow } from "../flow";

const FIELDS = ["representativeId", "subject", "personal", "body"] as const;

export async function saveLetterAction(locale: string, slug: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, FIELDS);
  const campaign = await getPublicCampaign(slug, locale);
  const session = campaign ? await readFlow(campaign.id) : null;
  if (!campaign || !session) return { values, errors: {}, formError: "session.expired" };
  const parsed = letterInputSchema.safeParse(values);
  if (!parsed.success) return { values, errors: fieldErrors(parsed.error) };
  // Authorise the target: only this signature's own MP or the campaign's named targets.
  const target = (await listLetterTargets(session.signature.id)).find((t) => t.representativeId === parsed.data.representativeId);
  if (!target) return { values, errors: {}, formError: "generic" };
  const template = await getLetterTemplate(campaign.id, campaign.locale);
  const baseline = template
    ? renderTemplate(template.body, { ...mergeValuesFor(target, session.signature, template.locale), personal_paragraph: "" })
    : "";
  const saved = await saveLetterDraft(session.signature.id, parsed.data, baseline);
  if (!saved.ok) return { values, errors: {}, formError: saved.error === "letter.alreadySent" ? saved.error : "generic" };
  redirect(`/${locale}/campaigns/${slug}/write/preview?to=${target.representativeId}`);
}

export async function sendLetterAction(locale: string, slug: string, representativeId: string): Promise<void> {
  const campaign = await getPublicCampaign(slug, locale);
  const session = campaign ? await readFlow(campaign.id) : null;
  if (!campaign || !session) redirect(`/${locale}/campaigns/${slug}/sign`);
  const draft = await getLetterDraft(session.signature.id, representativeId);
  if (!draft) redirect(`/${locale}/campaigns/${slug}/write?to=${representativeId}`);
  const result = await submitLetter(session.signature.id, draft.id, session.flow.fresh);
  redirect(`/${locale}/campaigns/${slug}/check-email?letter=${result.ok ? result.status : "already"}`);
}
