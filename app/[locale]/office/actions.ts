"use server";

import { redirect } from "next/navigation";
import { paths } from "@/lib/paths";
import { officeSignInSchema, redeemOfficeSignIn, requestOfficeSignIn } from "@/lib/offices/inbox";
import { clearOfficeSession, writeOfficeSession } from "@/lib/offices/session-cookie";
import { confirmOfficePreferences, officePreferencesSchema, requestOfficePreferences } from "@/lib/offices/preferences";
import { noFields, publicAction, tokenAction } from "@/lib/server/action";
import type { FormState } from "@/lib/server/forms";

/*
 * MPs' offices (decision 0029). Every action's proof is in its URL: the office's link from a
 * letter, a confirmation or sign-in link mailed to the office, or the session cookie it set.
 */

/** From a letter's link: ask for a change; the office's mailbox confirms it. */
export const requestPreferencesAction = tokenAction(
  { fields: ["delivery", "hour", "weekday"], schema: officePreferencesSchema },
  async (input, { locale, scope, values }): Promise<FormState> => {
    const r = await requestOfficePreferences(scope.token, input, locale);
    if (r === "invalid_link") redirect(paths.office.signIn(locale));
    if (r === "limited") return { values, errors: { delivery: "limited" } };
    redirect(paths.office.preferences(locale, scope.token, { requested: 1 }));
  },
);

/** From the mail to the office: apply the change. */
export const confirmPreferencesAction = tokenAction({ ...noFields }, async (_input, { locale, scope }): Promise<void> => {
  const r = await confirmOfficePreferences(scope.token);
  if (!r.ok) redirect(`${paths.office.confirm(locale, scope.token)}?error=${r.error}`);
  redirect(paths.office.preferences(locale, r.token, { saved: 1 }));
});

/** The same answer whatever the address (decision 0020's approach). */
export const requestSignInAction = publicAction({ fields: ["email"], schema: officeSignInSchema }, async ({ email }, { locale }): Promise<FormState> => {
  await requestOfficeSignIn(email, locale);
  redirect(paths.office.signIn(locale, { sent: 1 }));
});

/** The emailed link's button: spend it and sign in. */
export const redeemSignInAction = tokenAction({ ...noFields }, async (_input, { locale, scope }): Promise<void> => {
  const session = await redeemOfficeSignIn(scope.token);
  if (!session) redirect(paths.office.signInLink(locale, scope.token));
  await writeOfficeSession(session);
  redirect(paths.office.inbox(locale));
});

export const signOutAction = publicAction({ ...noFields }, async (_input, { locale }): Promise<void> => {
  await clearOfficeSession();
  redirect(paths.office.signIn(locale));
});
