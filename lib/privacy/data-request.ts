import { desc, eq } from "drizzle-orm";
import { createTranslator } from "next-intl";
import { z } from "zod";
import { signatures, supporterAccessTokens, supporters } from "@/db/schema";
import { intlConfig, isLocale, DEFAULT_LOCALE } from "@/lib/i18n";
import { enqueueInTx, jobTransaction, QUEUES } from "@/lib/jobs/queue";
import { paths } from "@/lib/paths";
import { getDb } from "@/lib/server/db";
import { publicUrl } from "@/lib/server/env";
import { log } from "@/lib/server/log";
import { platformAddress, sendMail } from "@/lib/server/mail";
import { hitRateLimit, type LimitRule } from "@/lib/server/rate-limit";
import { keyedHash, seal, unseal } from "@/lib/server/seal";
import { supporterMail } from "@/lib/signing/emails";
import { canonicalEmail } from "@/lib/signing/sign";
import { hashToken } from "@/lib/signing/tokens";
import { ACCESS_LINK_MINUTES, issueAccessToken } from "./supporter-data";
import { addressHasher, isErasedPlaceholder, isSuppressed } from "./suppression";
import { openRows } from "./encryption";

/**
 * "What do you hold about me?": anyone may type any address, so the request proves nothing and
 * must reveal nothing (decision 0023). The request does the same work for every address: it
 * counts the per-address and per-IP limits and queues one job holding the address sealed. The
 * worker decides, after the answer has left, what the address's owner is mailed.
 */

/** Requests per address (counted by its keyed hash, so the counters name nobody) and per IP. */
export const DATA_REQUEST_LIMITS: { email: LimitRule[]; ip: LimitRule[] } = {
  email: [
    { limit: 3, windowSeconds: 3600 },
    { limit: 10, windowSeconds: 24 * 3600 },
  ],
  ip: [{ limit: 30, windowSeconds: 3600 }],
};
/** "We hold nothing about this address" goes to one address at most once a day. */
export const NOTHING_HELD_LIMIT: LimitRule[] = [{ limit: 1, windowSeconds: 24 * 3600 }];

const SEAL_PURPOSE = "supporter-data-request";
/** Address and language together never exceed this (the schema caps addresses at 254). */
const SEALED_LENGTH = 270;

export const dataRequestSchema = z.object({
  email: z
    .string()
    .trim()
    .pipe(z.string().min(1, "email.required").max(254, "email.invalid").pipe(z.email("email.invalid"))),
});

/**
 * The request's whole work, the same statements for a supporter's address, a stranger's and a
 * suppressed one: two rate-limit hits and, within the limits, one job whose only content is the
 * address and the page's language, sealed. Over a limit nothing is queued (and the page answers
 * the same).
 */
export async function requestSupporterData(email: string, ctx: { locale: string; ip: string | null }): Promise<void> {
  const key = keyedHash("rate-limit", canonicalEmail(email));
  await jobTransaction(async (tx) => {
    const overEmail = await hitRateLimit(tx, `data:email:${key}`, DATA_REQUEST_LIMITS.email);
    const overIp = ctx.ip ? await hitRateLimit(tx, `data:ip:${ctx.ip}`, DATA_REQUEST_LIMITS.ip) : false;
    if (overEmail || overIp) return;
    // Padded to one length: the sealed job does not even say how long the address is.
    const pad = "_".repeat(Math.max(0, SEALED_LENGTH - email.length - ctx.locale.length));
    await enqueueInTx(tx, QUEUES.dataAccessMail, { request: seal(SEAL_PURPOSE, { email, locale: ctx.locale, pad }) });
  });
}

export type DataRequestOutcome = "link_sent" | "nothing_held_sent" | "nothing_held_limited" | "suppressed" | "unreadable";

/**
 * The worker's half. A suppressed address is mailed nothing. A supporter gets an access link
 * (valid ACCESS_LINK_MINUTES) at the address they signed with, in their language; any other
 * address gets a short "we hold nothing about this address", in the language of the page it was
 * asked from, at most once a day. A failed send throws (the job is retried, with a new link).
 */
export async function sendSupporterDataMail(sealed: string): Promise<DataRequestOutcome> {
  const request = unseal<{ email: string; locale: string }>(SEAL_PURPOSE, sealed);
  if (!request || typeof request.email !== "string") {
    log.warn("privacy.dataRequestUnreadable", {});
    return "unreadable";
  }
  const db = await getDb();
  if (await isSuppressed(db, request.email)) return "suppressed";
  const canonical = canonicalEmail(request.email);
  // A placeholder left by erasure names a row, not a person: it is nobody's address.
  const [sup] = isErasedPlaceholder(canonical)
    ? []
    : await openRows(db, await db.select({ id: supporters.id, email: supporters.email, locale: supporters.locale }).from(supporters).where(eq(supporters.emailHash, (await addressHasher(db))(canonical))), ["email"]);
  const base = publicUrl();
  if (!sup) {
    if (await hitRateLimit(db, `data:none:${keyedHash("rate-limit", canonical)}`, NOTHING_HELD_LIMIT)) return "nothing_held_limited";
    const lang = isLocale(request.locale) ? request.locale : DEFAULT_LOCALE;
    const m = createTranslator({ ...intlConfig(lang), namespace: "myData" });
    await sendMail({
      from: platformAddress("no-reply", "Constituent"),
      to: { address: request.email.trim() },
      subject: m("mailNothingSubject"),
      ...supporterMail(lang, [m("mailIntro"), m("mailNothingBody"), `${m("mailNothingAgain")}\n${base}${paths.myData(lang)}`, m("mailIgnore")]),
    });
    log.info("mail.data_nothing_held_sent", {});
    return "nothing_held_sent";
  }
  // The supporter's language: that of their latest signature.
  const [latest] = await db.select({ locale: signatures.locale }).from(signatures).where(eq(signatures.supporterId, sup.id)).orderBy(desc(signatures.createdAt)).limit(1);
  const lang = [latest?.locale, sup.locale].find((l): l is string => isLocale(l)) ?? DEFAULT_LOCALE;
  const m = createTranslator({ ...intlConfig(lang), namespace: "myData" });
  const { token } = await issueAccessToken(db, sup.id);
  try {
    await sendMail({
      from: platformAddress("no-reply", "Constituent"),
      // Where they signed from, not the variant typed into the form: the proof is this mailbox.
      to: { address: sup.email },
      subject: m("mailLinkSubject"),
      ...supporterMail(lang, [
        m("mailIntro"),
        { text: m("mailLinkAction", { minutes: ACCESS_LINK_MINUTES }), url: `${base}${paths.myDataAccess(lang, token)}`, button: m("mailLinkButton") },
        m("mailLinkWarning"),
        m("mailIgnore"),
      ]),
    });
  } catch (err) {
    // The retry mints its own link: this one was never delivered.
    await db.delete(supporterAccessTokens).where(eq(supporterAccessTokens.tokenHash, hashToken(token)));
    throw err;
  }
  log.info("mail.data_link_sent", { supporterId: sup.id });
  return "link_sent";
}
