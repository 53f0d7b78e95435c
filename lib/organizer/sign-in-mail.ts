import { createHash, randomBytes } from "node:crypto";
import { createTranslator } from "next-intl";
import { verificationTokens } from "@/db/schema";
import { intlConfig, LOCALES } from "@/lib/i18n";
import { enqueueInTx, jobTransaction, QUEUES } from "@/lib/jobs/queue";
import { paths } from "@/lib/paths";
import { getDb } from "@/lib/server/db";
import { authSecret, publicUrl } from "@/lib/server/env";
import { log } from "@/lib/server/log";
import { platformAddress, sendMail } from "@/lib/server/mail";
import { seal, unseal } from "@/lib/server/seal";
import { mayRequestSignIn } from "./organizations";

/** Sign-in links expire after ten minutes and work once (Auth.js deletes the token on use). */
export const SIGN_IN_LINK_MINUTES = 10;
/** The provider id: `signIn(EMAIL_PROVIDER_ID, …)` and the link's `/api/auth/callback/email`. */
export const EMAIL_PROVIDER_ID = "email";

const SEAL_PURPOSE = "sign-in-request";

/**
 * The emailed link opens a page with a button (`/<locale>/org/sign-in/continue`), not Auth.js's
 * callback itself: mail scanners fetch links, and a GET of the callback spends the single-use
 * token. The page submits the same fields to the callback when the organizer presses the button.
 */
export function continueLink(callbackUrl: string, locale: string): string {
  const url = new URL(callbackUrl);
  // Always this site's configured address, never the request's Host or X-Forwarded-Host: a
  // forged host would otherwise send a real organizer's single-use token to the forger's site.
  const next = new URL(paths.org.signInContinue(locale), publicUrl());
  for (const key of ["token", "email", "callbackUrl"]) {
    const v = url.searchParams.get(key);
    if (v !== null) next.searchParams.set(key, v);
  }
  return next.toString();
}

/**
 * Every request for a sign-in link, from any address, does exactly this in the request: one job
 * whose only content is the address, sealed (decision 0020). Whether the address belongs to an
 * organizer is decided by the worker, after the response has left, so a member's address and a
 * stranger's get the same answer in the same time, and the job table names no one.
 */
export async function queueSignInLink(email: string): Promise<void> {
  await jobTransaction((tx) => enqueueInTx(tx, QUEUES.signInMail, { request: seal(SEAL_PURPOSE, { email }) }));
}

/**
 * The worker's half: a member or invitee gets a link in both languages (the address does not
 * say which one the organizer reads), made the way Auth.js checks it (the token's SHA-256 with
 * the secret, stored for SIGN_IN_LINK_MINUTES); anyone else gets nothing. A failed send throws,
 * and the job is retried with a fresh link.
 */
export async function sendSignInLinkMail(sealed: string): Promise<"sent" | "not_an_organizer" | "unreadable"> {
  const request = unseal<{ email: string }>(SEAL_PURPOSE, sealed);
  if (!request || typeof request.email !== "string") {
    log.warn("auth.signInRequestUnreadable", {});
    return "unreadable";
  }
  const email = request.email.trim().toLowerCase();
  if (!(await mayRequestSignIn(email))) return "not_an_organizer";
  const token = randomBytes(32).toString("hex");
  const db = await getDb();
  await db.insert(verificationTokens).values({
    identifier: email,
    token: createHash("sha256").update(`${token}${authSecret()}`).digest("hex"),
    expires: new Date(Date.now() + SIGN_IN_LINK_MINUTES * 60_000),
  });
  const parts = LOCALES.map((locale) => {
    const t = createTranslator({ ...intlConfig(locale), namespace: "organizer" });
    const callback = new URL(`/api/auth/callback/${EMAIL_PROVIDER_ID}`, publicUrl());
    callback.search = new URLSearchParams({ callbackUrl: `${publicUrl()}${paths.org.home(locale)}`, token, email }).toString();
    return { subject: t("signInMailSubject"), text: `${t("signInMailBody")}\n${continueLink(callback.toString(), locale)}\n` };
  });
  await sendMail({
    from: platformAddress("no-reply", "Constituent"),
    to: { address: email },
    subject: parts.map((p) => p.subject).join(" / "),
    text: parts.map((p) => p.text).join("\n"),
  });
  return "sent";
}
