"use server";

import { redirect } from "next/navigation";
import { noFields, tokenAction } from "@/lib/server/action";
import { paths } from "@/lib/paths";
import { withdrawSignature } from "@/lib/signing/withdraw";

/** The token is the page's own link; an invalid or spent one changes nothing. */
export const withdrawAction = tokenAction(noFields, async (_input, { locale, scope }): Promise<void> => {
  const r = await withdrawSignature(scope.token);
  redirect(r.ok ? paths.withdrawn(locale) : paths.status(locale, scope.token));
});
