"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { fieldErrors, formValues, type FormState } from "@/lib/server/forms";
import { isLocale } from "@/lib/i18n";
import { paths } from "@/lib/paths";
import { clientIp } from "@/lib/server/request";
import { createSignature, signInputSchema } from "@/lib/signing/sign";
import { writeFlow } from "@/lib/signing/flow-cookie";

const FIELDS = ["name", "email", "postalCode", "residency", "comment", "consent", "website"] as const;

export async function signAction(locale: string, slug: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, FIELDS);
  const parsed = signInputSchema.safeParse({ ...values, consent: values.consent === "on", residency: values.residency || undefined });
  if (!parsed.success) return { values, errors: fieldErrors(parsed.error) };
  const result = await createSignature(parsed.data, { campaignSlug: slug, locale: isLocale(locale) ? locale : "en", ip: clientIp(await headers()) });
  if (!result.ok) return { values, errors: {}, formError: result.error === "campaign.closed" ? "campaign.closed" : "generic" };
  await writeFlow(result.flowId);
  // The same next page whether or not this address had signed before: nothing is revealed.
  redirect(parsed.data.residency === "resident" ? paths.riding(locale, slug) : paths.checkEmail(locale, slug));
}
