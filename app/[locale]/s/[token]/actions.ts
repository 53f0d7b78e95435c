"use server";

import { redirect } from "next/navigation";
import { noFields, tokenAction } from "@/lib/server/action";
import { paths } from "@/lib/paths";
import { requestWriteLink } from "@/lib/signing/status";
import { accessFromManageToken } from "@/lib/privacy/supporter-data";

/** From a status page in a browser that has not proved the address: mail a link to write from here. */
export const requestWriteLinkAction = tokenAction(noFields, async (_input, { locale, scope }): Promise<void> => {
  await requestWriteLink(scope.token);
  redirect(paths.status(locale, scope.token, { linkSent: true }));
});

/**
 * "See everything you hold about me": the status link proves the address, so the server mints an
 * access link and goes to it; the status token itself is carried nowhere new (decision 0023).
 */
export const openMyDataAction = tokenAction(noFields, async (_input, { locale, scope }): Promise<void> => {
  const access = await accessFromManageToken(scope.token);
  // No access link when nothing held names them any more (their details were erased after delivery,
  // or by the retention period): the status page says so.
  redirect(access ? paths.myDataAccess(locale, access) : paths.status(locale, scope.token, { nothingHeld: true }));
});
