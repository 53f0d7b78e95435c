"use server";

import { redirect } from "next/navigation";
import { getPublicCampaign } from "@/lib/campaigns";
import type { FormState } from "@/lib/forms";
import { confirmSignatureByCode, issueManageLink, resendConfirmation } from "@/lib/signatures";
import { readFlow } from "../flow";

export async function confirmCodeAction(locale: string, slug: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const code = String(formData.get("code") ?? "").replace(/\D/g, "");
  const values = { code: String(formData.get("code") ?? "") };
  const campaign = await getPublicCampaign(slug, locale);
  const session = campaign ? await readFlow(campaign.id) : null;
  if (!session) return { values, errors: {}, formError: "session.expired" };
  if (code.length !== 6) return { values, errors: { code: "code.invalid" } };
  const r = await confirmSignatureByCode(session.signature.id, code);
  if (!r.ok) return { values, errors: { code: "code.invalid" } };
  redirect(`/${locale}/s/${await issueManageLink(r.signatureId)}?confirmed=1`);
}

export async function resendAction(locale: string, slug: string): Promise<void> {
  const campaign = await getPublicCampaign(slug, locale);
  const session = campaign ? await readFlow(campaign.id) : null;
  if (session) await resendConfirmation(session.signature.id);
  redirect(`/${locale}/campaigns/${slug}/check-email?resent=1`);
}
