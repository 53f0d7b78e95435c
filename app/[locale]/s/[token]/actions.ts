"use server";

import { redirect } from "next/navigation";
import { noFields, tokenAction } from "@/lib/server/action";
import { paths } from "@/lib/paths";
import { requestWriteLink } from "@/lib/signing/status";

/** From a status page in a browser that has not proved the address: mail a link to write from here. */
export const requestWriteLinkAction = tokenAction(noFields, async (_input, { locale, scope }): Promise<void> => {
  await requestWriteLink(scope.token);
  redirect(paths.status(locale, scope.token, { linkSent: true }));
});
