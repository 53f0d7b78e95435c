"use server";

import { redirect } from "next/navigation";
import { paths } from "@/lib/paths";
import { requestWriteLink } from "@/lib/signing/status";

/** From a status page in a browser that has not proved the address: mail a link to write from here. */
export async function requestWriteLinkAction(locale: string, token: string): Promise<void> {
  await requestWriteLink(token);
  redirect(paths.status(locale, token, { linkSent: true }));
}
