"use server";

import { redirect } from "next/navigation";
import { isLocale } from "@/lib/i18n";
import { withdrawSignature } from "@/lib/signing/withdraw";

/** The token comes from the form (the page's own link); an invalid or spent one changes nothing. */
export async function withdrawAction(formData: FormData): Promise<void> {
  const locale = String(formData.get("locale") ?? "");
  const lang = isLocale(locale) ? locale : "en";
  const token = String(formData.get("token") ?? "");
  const r = await withdrawSignature(token);
  redirect(r.ok ? `/${lang}/s/withdrawn` : `/${lang}/s/${encodeURIComponent(token)}`);
}
