"use server";

import { redirect } from "next/navigation";
import { confirmSignatureByToken, issueManageLink } from "@/lib/signatures";

export async function confirmAction(locale: string, token: string): Promise<void> {
  const r = await confirmSignatureByToken(token);
  if (!r.ok) redirect(`/${locale}/confirm/${encodeURIComponent(token)}?invalid=1`);
  redirect(`/${locale}/s/${await issueManageLink(r.signatureId)}?confirmed=1`);
}
