"use server";

import { redirect } from "next/navigation";
import { getPublicCampaign } from "@/lib/campaigns/public";
import { chooseFlowRiding } from "@/lib/signing/flows";
import type { FormState } from "@/lib/server/forms";
import { paths } from "@/lib/paths";
import { getRidingWithRepresentative } from "@/lib/directory/representatives";
import { readFlow } from "@/lib/signing/flow-cookie";

export async function chooseRidingAction(locale: string, slug: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const fedNum = String(formData.get("riding") ?? "");
  const campaign = await getPublicCampaign(slug, locale);
  const flow = campaign ? await readFlow(campaign.id) : null;
  if (!campaign || !flow) return { values: { riding: fedNum }, errors: {}, formError: "session.expired" };
  const riding = /^\d{5}$/.test(fedNum) ? await getRidingWithRepresentative(fedNum) : null;
  if (!riding) return { values: { riding: fedNum }, errors: { riding: "riding.required" } };
  if (!(await chooseFlowRiding(flow.id, campaign.id, riding.fedNum))) return { values: { riding: fedNum }, errors: {}, formError: "session.expired" };
  if (!riding.representative) redirect(paths.riding(locale, slug, { vacant: riding.fedNum }));
  redirect(paths.write(locale, slug));
}
