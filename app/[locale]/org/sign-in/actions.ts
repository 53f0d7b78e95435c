"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { EMAIL_PROVIDER_ID, signIn } from "@/lib/organizer/auth";
import { publicAction } from "@/lib/server/action";
import type { FormState } from "@/lib/server/forms";
import { paths } from "@/lib/paths";

const signInForm = z.object({ email: z.string().trim().toLowerCase().max(254, "email.invalid").pipe(z.email("email.invalid")) });

export const requestSignInLink = publicAction({ fields: ["email"], schema: signInForm }, async ({ email }, { locale, values }): Promise<FormState> => {
  try {
    // Auth.js stores the token and sends the link, or (unknown address) does nothing at all.
    await signIn(EMAIL_PROVIDER_ID, { email, redirectTo: paths.org.home(locale), redirect: false });
  } catch (err) {
    if (!(err instanceof AuthError)) throw err;
    return { values, errors: {}, formError: "sendFailed" };
  }
  // The same page, in the reader's language, whether or not a link was sent.
  redirect(paths.org.checkEmail(locale));
});
