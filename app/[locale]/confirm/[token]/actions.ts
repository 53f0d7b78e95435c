"use server";

import { redirect } from "next/navigation";
import { noFields, tokenAction } from "@/lib/server/action";
import { paths } from "@/lib/paths";
import { confirmSignatureByToken } from "@/lib/signing/confirm";
import { currentFlowId, writeFlow } from "@/lib/signing/flow-cookie";

/** The button behind the emailed link: this browser proves the address (and gets a proven flow). */
export const confirmAction = tokenAction(noFields, async (_input, { locale, scope }): Promise<void> => {
  const r = await confirmSignatureByToken(scope.token, { flowId: await currentFlowId(), locale });
  if (!r.ok) redirect(paths.confirm(locale, scope.token, { invalid: true }));
  await writeFlow(r.flowId);
  redirect(paths.status(locale, r.statusToken, { confirmed: true }));
});
