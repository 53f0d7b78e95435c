"use server";

import { redirect } from "next/navigation";
import { noFields, publicAction } from "@/lib/server/action";
import { isMailSink } from "@/lib/server/env";
import { sendSinkTestMessage } from "@/lib/server/mail";
import { paths } from "@/lib/paths";

/** The local mailbox's "send a test message" (only while mail goes to the in-process sink). */
export const sendTestAction = publicAction(noFields, async (_input, { locale }): Promise<void> => {
  if (!isMailSink()) redirect(paths.home(locale));
  await sendSinkTestMessage(locale);
  redirect(paths.mailbox(locale));
});
