"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { EMAIL_PROVIDER_ID, signIn } from "@/lib/organizer/auth";
import type { FormState } from "@/lib/server/forms";
import { isLocale } from "@/lib/i18n";

const schema = z.object({ email: z.string().trim().toLowerCase().max(254, "email.invalid").pipe(z.email("email.invalid")) });

export async function requestSignInLink(locale: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const lang = isLocale(locale) ? locale : "en";
  const values = { email: String(formData.get("email") ?? "") };
  const parsed = schema.safeParse(values);
  if (!parsed.success) return { values, errors: { email: "email.invalid" } };
  try {
    // Auth.js stores the token and sends the link, or (unknown address) does nothing at all.
    await signIn(EMAIL_PROVIDER_ID, { email: parsed.data.email, redirectTo: `/${lang}/org`, redirect: false });
  } catch (err) {
    if (!(err instanceof AuthError)) throw err;
    return { values, errors: {}, formError: "sendFailed" };
  }
  // The same page, in the reader's language, whether or not a link was sent.
  redirect(`/${lang}/org/check-email`);
}
