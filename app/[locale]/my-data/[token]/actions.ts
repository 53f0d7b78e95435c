"use server";

import { redirect } from "next/navigation";
import { paths } from "@/lib/paths";
import { eraseSupporterData, getSupporterData, type SupporterData } from "@/lib/privacy/supporter-data";
import { noFields, tokenAction } from "@/lib/server/action";

export type DataViewState = { data?: SupporterData; error?: "invalid" };

/** The button behind the emailed link: only a POST shows the data (mail scanners only fetch). */
export const showDataAction = tokenAction(noFields, async (_input, { locale, scope }): Promise<DataViewState> => {
  const data = await getSupporterData(scope.token, locale);
  return data ? { data } : { error: "invalid" };
});

/** The confirmation page's button: everything goes, in one transaction. */
export const eraseDataAction = tokenAction(noFields, async (_input, { locale, scope }): Promise<void> => {
  const r = await eraseSupporterData(scope.token);
  redirect(r.ok ? paths.myDataErased(locale) : paths.myData(locale, { expired: true }));
});
