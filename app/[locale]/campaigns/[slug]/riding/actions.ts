"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getPublicCampaign } from "@/lib/campaigns/public";
import { chooseFlowRiding } from "@/lib/signing/flows";
import { campaignPageAction } from "@/lib/server/action";
import type { FormState } from "@/lib/server/forms";
import { paths } from "@/lib/paths";
import { getRidingWithRepresentative } from "@/lib/directory/representatives";
import { readFlow } from "@/lib/signing/flow-cookie";

/** A federal electoral district's five-digit number. */
const ridingForm = z.object({ riding: z.string().regex(/^\d{5}$/, "riding.required") });

export const chooseRidingAction = campaignPageAction({ fields: ["riding"], schema: ridingForm }, async ({ riding: fedNum }, { locale, scope, values }): Promise<FormState> => {
  const campaign = await getPublicCampaign(scope.slug, locale);
  const flow = campaign ? await readFlow(campaign.id) : null;
  if (!campaign || !flow) return { values, errors: {}, formError: "session.expired" };
  const riding = await getRidingWithRepresentative(fedNum);
  if (!riding) return { values, errors: { riding: "riding.required" } };
  if (!(await chooseFlowRiding(flow.id, campaign.id, riding.fedNum))) return { values, errors: {}, formError: "session.expired" };
  if (!riding.representative) redirect(paths.riding(locale, scope.slug, { vacant: riding.fedNum }));
  redirect(paths.write(locale, scope.slug));
});
