"use server";

import { redirect } from "next/navigation";
import { noFields, tokenAction } from "@/lib/server/action";
import { paths } from "@/lib/paths";
import { unsubscribeByToken } from "@/lib/signing/status";

export const unsubscribeAction = tokenAction(noFields, async (_input, { locale, scope }): Promise<void> => {
  const r = await unsubscribeByToken(scope.token);
  redirect(paths.unsubscribe(locale, scope.token, r ? { done: true } : { invalid: true }));
});
