"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { paths } from "@/lib/paths";
import { dataRequestSchema, requestSupporterData } from "@/lib/privacy/data-request";
import { publicAction } from "@/lib/server/action";
import type { FormState } from "@/lib/server/forms";
import { clientIp } from "@/lib/server/request";

/**
 * "What do you hold about me?": the same work and the same redirect for every address; what is
 * mailed is the worker's decision (decision 0023).
 */
export const requestDataAction = publicAction({ fields: ["email"], schema: dataRequestSchema }, async ({ email }, { locale }): Promise<FormState> => {
  await requestSupporterData(email, { locale, ip: clientIp(await headers()) });
  redirect(paths.myDataSent(locale));
});
