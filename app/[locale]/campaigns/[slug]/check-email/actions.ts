"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getPublicCampaign } from "@/lib/campaigns/public";
import { proveFlowByCode } from "@/lib/signing/flows";
import type { FormState } from "@/lib/server/forms";
import { paths } from "@/lib/paths";
import { clientIp } from "@/lib/server/request";
import { resendForFlow } from "@/lib/signing/sign";
import { readFlow, writeFlow } from "@/lib/signing/flow-cookie";

export async function confirmCodeAction(locale: string, slug: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const typed = String(formData.get("code") ?? "");
  const code = typed.replace(/\D/g, "");
  const values = { code: typed };
  const campaign = await getPublicCampaign(slug, locale);
  const flow = campaign ? await readFlow(campaign.id) : null;
  if (!campaign || !flow) return { values, errors: {}, formError: "session.expired" };
  if (code.length !== 6) return { values, errors: { code: "code.invalid" } };
  const r = await proveFlowByCode(flow.id, campaign.id, code, clientIp(await headers()));
  if (!r.ok) return r.error === "session.expired" ? { values, errors: {}, formError: r.error } : { values, errors: { code: r.error } };
  await writeFlow(r.flowId);
  redirect(paths.status(locale, r.statusToken, { confirmed: true }));
}

export async function resendAction(locale: string, slug: string, to: string): Promise<void> {
  const campaign = await getPublicCampaign(slug, locale);
  const flow = campaign ? await readFlow(campaign.id) : null;
  if (campaign && flow) await resendForFlow(flow.id, campaign.id);
  redirect(paths.checkEmail(locale, slug, { resent: true, letter: to ? "held" : undefined, to: to || undefined }));
}
