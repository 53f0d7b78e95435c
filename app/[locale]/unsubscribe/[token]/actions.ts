"use server";

import { redirect } from "next/navigation";
import { unsubscribeByToken } from "@/lib/signing/status";

export async function unsubscribeAction(locale: string, token: string): Promise<void> {
  const r = await unsubscribeByToken(token);
  redirect(`/${locale}/unsubscribe/${encodeURIComponent(token)}?${r ? "done=1" : "invalid=1"}`);
}
