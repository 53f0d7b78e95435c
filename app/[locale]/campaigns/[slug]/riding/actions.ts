"use server";

import { redirect } from "next/navigation";
import { getPublicCampaign } from "@/lib/campaigns";
import type { FormState } from "@/lib/forms";
import { getRidingWithRepresentative } from "@/lib/representatives";
import { chooseRiding } from "@/lib/signatures";
import { readFlow } from "../flow";

export async function chooseRidingAction(locale: string, slug: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const fedNum = String(formData.get("riding") ?? "");
  const campaign = await getPublicCampaign(slug, locale);
  const session = campaign ? await readFlow(campaign.id) : null;
  if (!campaign || !session) return { values: { riding: fedNum }, errors: {}, formError: "session.expired" };
  const riding = /^\d{5}$/.test(fedNum) ? await getRidingWithRepresentative(fedNum) : null;
  if (!riding) return { values: { riding: fedNum }, errors: { riding: "riding.required" } };
  await chooseRiding(session.signature.id, riding.fedNum, session.flow.fresh);
  if (!riding.representative) redirect(`/${locale}/campaigns/${slug}/riding?vacant=${riding.fedNum}`);
  redirect(`/${locale}/campaigns/${slug}/write?to=${riding.representative.id}&riding=${riding.fedNum}`);
}
