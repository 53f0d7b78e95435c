import { and, eq, isNotNull, sql } from "drizzle-orm";
import { createTranslator } from "next-intl";
import { z } from "zod";
import { letters, offices, OFFICE_DELIVERIES, representatives, type OfficeDelivery } from "@/db/schema";
import { intlConfig } from "@/lib/i18n";
import { isLocale } from "@/lib/i18n/config";
import { enqueueInTx, jobTransaction, QUEUES } from "@/lib/jobs/queue";
import { recordAudit } from "@/lib/organizer/audit";
import { paths } from "@/lib/paths";
import { getDb } from "@/lib/server/db";
import { publicUrl } from "@/lib/server/env";
import { log } from "@/lib/server/log";
import { platformAddress, sendMail } from "@/lib/server/mail";
import { hitRateLimit } from "@/lib/server/rate-limit";
import { keyedHash, seal, unseal } from "@/lib/server/seal";
import { getOffice, nextDigestAt, officeFromLinkToken, officeLinkToken, type OfficeSettings } from "./offices";

/*
 * An office chooses how letters reach it (decision 0029). The link in a letter's footer proposes a
 * change; the change takes effect from a link mailed to the office address, so only someone who
 * reads that mailbox decides. Both steps are in the audit log.
 */

export const officePreferencesSchema = z
  .object({
    delivery: z.enum(OFFICE_DELIVERIES, { error: "delivery.invalid" }),
    hour: z.coerce.number({ error: "hour.invalid" }).int("hour.invalid").min(0, "hour.invalid").max(23, "hour.invalid"),
    weekday: z.coerce.number({ error: "weekday.invalid" }).int("weekday.invalid").min(1, "weekday.invalid").max(7, "weekday.invalid"),
  });
export type OfficePreferencesInput = z.output<typeof officePreferencesSchema>;

export interface OfficePage {
  email: string;
  /** The members of Parliament the directory lists at this address (public data). */
  names: string[];
  settings: OfficeSettings;
}

/** What the preferences page shows for a letter's link, or null for a link we did not make. */
export async function getOfficePage(token: string): Promise<OfficePage | null> {
  const email = officeFromLinkToken(token);
  if (!email) return null;
  const db = await getDb();
  const reps = await db
    .select({ name: representatives.name })
    .from(representatives)
    .where(and(sql`lower(${representatives.email}) = ${email}`, eq(representatives.current, true)));
  return { email, names: reps.map((r) => r.name), settings: await getOffice(db, email) };
}

const REQUEST_PURPOSE = "office-preferences-request";
const CHANGE_PURPOSE = "office-preferences";
/** A confirmation link works for a week. */
const CHANGE_DAYS = 7;

interface Change extends OfficePreferencesInput {
  email: string;
  at: number;
  locale: string;
}

/**
 * The link's half: record the request and queue the confirmation mail. At most five a day per
 * office, so a forwarded link cannot flood the office's inbox.
 */
export async function requestOfficePreferences(token: string, input: OfficePreferencesInput, locale: string): Promise<"requested" | "invalid_link" | "limited"> {
  const email = officeFromLinkToken(token);
  if (!email) return "invalid_link";
  return jobTransaction(async (tx) => {
    if (await hitRateLimit(tx, keyedHash("rate-limit", `office-preferences:${email}`), [{ limit: 5, windowSeconds: 86400 }])) return "limited";
    const change: Change = { ...input, email, at: Date.now(), locale };
    await enqueueInTx(tx, QUEUES.officeMail, { request: seal(REQUEST_PURPOSE, change) });
    await recordAudit(tx, { organizationId: null, actorUserId: null, action: "office.preferences_requested", targetType: "office", targetId: email, detail: { ...input } });
    return "requested";
  });
}

function describe(c: Pick<OfficePreferencesInput, "delivery" | "hour" | "weekday">, locale: string): string {
  const m = createTranslator({ ...intlConfig(locale), namespace: "office" });
  const hour = `${String(c.hour).padStart(2, "0")}:00`;
  if (c.delivery === "each") return m("describeEach");
  if (c.delivery === "daily") return m("describeDaily", { hour });
  return m("describeWeekly", { hour, weekday: m(`weekday${c.weekday}` as "weekday1") });
}

/** The worker's half: mail the office a link that applies the change. */
export async function sendOfficePreferencesMail(sealed: string): Promise<void> {
  const change = unseal<Change>(REQUEST_PURPOSE, sealed);
  if (!change) {
    log.warn("office.preferences_request_unreadable", {});
    return;
  }
  const locale = isLocale(change.locale) ? change.locale : "en";
  const m = createTranslator({ ...intlConfig(locale), namespace: "office" });
  const link = `${publicUrl()}${paths.office.confirm(locale, seal(CHANGE_PURPOSE, change))}`;
  const what = describe(change, locale);
  await sendMail({
    from: platformAddress("offices", "Constituent"),
    to: { address: change.email },
    subject: m("confirmMailSubject"),
    text: `${m("confirmMailBody", { what })}\n\n${link}\n\n${m("confirmMailIgnore")}\n`,
  });
}

/** A confirmation link's change, while it is valid. */
export function readPreferenceChange(sealed: string): (Change & { description: string }) | null {
  const change = unseal<Change>(CHANGE_PURPOSE, sealed);
  if (!change || !officePreferencesSchema.safeParse(change).success) return null;
  if (Date.now() - change.at > CHANGE_DAYS * 86400_000) return null;
  return { ...change, description: describe(change, isLocale(change.locale) ? change.locale : "en") };
}

/**
 * Applies a confirmed change, unless a later one was applied since (an old link cannot undo a
 * newer choice). Letters already waiting follow the new choice: to the new digest time, or, back
 * to "each letter", a send job each.
 */
export async function confirmOfficePreferences(sealed: string): Promise<{ ok: true; token: string } | { ok: false; error: "invalid" | "superseded" }> {
  const change = readPreferenceChange(sealed);
  if (!change) return { ok: false, error: "invalid" };
  return jobTransaction(async (tx) => {
    const before = await getOffice(tx, change.email);
    if (before.preferencesChangedAt && before.preferencesChangedAt.getTime() > change.at) return { ok: false, error: "superseded" } as const;
    const now = new Date();
    const set = { delivery: change.delivery as OfficeDelivery, digestHour: change.hour, digestWeekday: change.weekday, preferencesChangedAt: now };
    await tx.insert(offices).values({ email: change.email, ...set }).onConflictDoUpdate({ target: offices.email, set });
    const waiting = and(eq(letters.deliveredTo, change.email), eq(letters.status, "queued"), isNotNull(letters.digestDueAt));
    if (change.delivery === "each") {
      const ids = await tx.update(letters).set({ digestDueAt: null, lastError: null }).where(waiting).returning({ id: letters.id });
      for (const { id } of ids) await enqueueInTx(tx, QUEUES.letter, { letterId: id });
    } else {
      await tx.update(letters).set({ digestDueAt: nextDigestAt({ delivery: change.delivery, digestHour: change.hour, digestWeekday: change.weekday }, now) }).where(waiting);
    }
    await recordAudit(tx, {
      organizationId: null,
      actorUserId: null,
      action: "office.preferences_changed",
      targetType: "office",
      targetId: change.email,
      detail: { from: { delivery: before.delivery, hour: before.digestHour, weekday: before.digestWeekday }, to: { delivery: change.delivery, hour: change.hour, weekday: change.weekday } },
    });
    log.info("office.preferences_changed", { delivery: change.delivery });
    return { ok: true, token: officeLinkToken(change.email) } as const;
  });
}
