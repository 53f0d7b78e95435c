"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { campaignPageAction } from "@/lib/server/action";
import type { FormState } from "@/lib/server/forms";
import { paths } from "@/lib/paths";
import { clientIp } from "@/lib/server/request";
import { createSignature, SIGN_FORM_FIELDS, signFormInput, signInputSchema } from "@/lib/signing/sign";
import { writeFlow } from "@/lib/signing/flow-cookie";

export const signAction = campaignPageAction(
  {
    fields: SIGN_FORM_FIELDS,
    schema: signInputSchema,
    prepare: signFormInput,
  },
  async (input, { locale, scope, values }): Promise<FormState> => {
    const result = await createSignature(input, { campaignSlug: scope.slug, locale, ip: clientIp(await headers()) });
    if (!result.ok) return { values, errors: {}, formError: result.error === "campaign.closed" ? "campaign.closed" : "generic" };
    await writeFlow(result.flowId);
    // The same next page whether or not this address had signed before: nothing is revealed.
    redirect(input.residency === "resident" ? paths.riding(locale, scope.slug) : paths.checkEmail(locale, scope.slug));
  },
);
