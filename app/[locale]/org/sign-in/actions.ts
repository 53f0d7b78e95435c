"use server";

import { z } from "zod";
import { signIn } from "@/lib/auth";
import type { FormState } from "@/lib/forms";

const schema = z.object({ email: z.string().trim().toLowerCase().pipe(z.email("email.invalid")) });

export async function requestSignInLink(locale: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const values = { email: String(formData.get("email") ?? "") };
  const parsed = schema.safeParse(values);
  if (!parsed.success) return { values, errors: { email: "email.invalid" } };
  // Auth.js sends the link (or, for an unknown address, nothing) and redirects to the check page.
  await signIn("email", { email: parsed.data.email, redirectTo: `/${locale}/org` });
  return { values, errors: {} };
}
