"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getPublicCampaign } from "@/lib/campaigns/public";
import { proveFlowByCode } from "@/lib/signing/flows";
import { campaignPageAction } from "@/lib/server/action";
import type { FormState } from "@/lib/server/forms";
import { paths } from "@/lib/paths";
import { clientIp } from "@/lib/server/request";
import { resendForFlow } from "@/lib/signing/sign";
import { readFlow, writeFlow } from "@/lib/signing/flow-cookie";

/** The current browser's flow on this campaign, or null (it never signed here, or the cookie expired). */
async function currentFlow(slug: string, locale: string) {
  const campaign = await getPublicCampaign(slug, locale);
  const flow = campaign ? await readFlow(campaign.id) : null;
  return campaign && flow ? { campaign, flow } : null;
}

/** Six digits from the email; spaces and dashes typed with them are ignored. */
const codeForm = z.object({ code: z.string().transform((s) => s.replace(/\D/g, "")) });

export const confirmCodeAction = campaignPageAction({ fields: ["code"], schema: codeForm }, async ({ code }, { locale, scope, values }): Promise<FormState> => {
  const current = await currentFlow(scope.slug, locale);
  if (!current) return { values, errors: {}, formError: "session.expired" };
  if (code.length !== 6) return { values, errors: { code: "code.invalid" } };
  const r = await proveFlowByCode(current.flow.id, current.campaign.id, code, clientIp(await headers()));
  if (!r.ok) return r.error === "session.expired" ? { values, errors: {}, formError: r.error } : { values, errors: { code: r.error } };
  await writeFlow(r.flowId);
  redirect(paths.status(locale, r.statusToken, { confirmed: true }));
});

/** Sends the email again; `to` (an MP the held letter is for) only shapes the page it returns to. */
export const resendAction = campaignPageAction({ fields: ["to"], schema: z.object({ to: z.string().max(100) }) }, async ({ to }, { locale, scope }): Promise<void> => {
  const current = await currentFlow(scope.slug, locale);
  if (current) await resendForFlow(current.flow.id, current.campaign.id);
  redirect(paths.checkEmail(locale, scope.slug, { resent: true, letter: to ? "held" : undefined, to: to || undefined }));
});
