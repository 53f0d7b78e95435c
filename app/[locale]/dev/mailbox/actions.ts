"use server";

import { redirect } from "next/navigation";
import { isMailSink } from "@/lib/server/env";
import { sendSinkTestMessage } from "@/lib/server/mail";

export async function sendTestAction(locale: string): Promise<void> {
  if (!isMailSink()) redirect(`/${locale}`);
  await sendSinkTestMessage(locale);
  redirect(`/${locale}/dev/mailbox`);
}
