import { timingSafeEqual } from "node:crypto";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { letters, offices, representatives, type OfficeDelivery } from "@/db/schema";
import { enqueueInTx, QUEUES } from "@/lib/jobs/queue";
import type { Db, Tx } from "@/lib/server/db";
import { keyedHash } from "@/lib/server/seal";

/*
 * An MP's office, named by its address in the directory (public data). What the office chose
 * (each letter, or a daily or weekly digest at its hour), and what its mail server said (a hard
 * bounce). Decision 0029.
 */

type Q = Db | Tx;

export const OTTAWA = "America/Toronto";

export interface OfficeSettings {
  email: string;
  delivery: OfficeDelivery;
  digestHour: number;
  digestWeekday: number;
  preferencesChangedAt: Date | null;
  bouncedAt: Date | null;
  bounceDetail: string | null;
  lastDigestAt: Date | null;
}

export function officeKey(email: string): string {
  return email.trim().toLowerCase();
}

/** What an office chose, or the defaults (each letter as it comes, digests at 8:00 on Mondays). */
export async function getOffice(q: Q, email: string): Promise<OfficeSettings> {
  const key = officeKey(email);
  const [row] = await q.select().from(offices).where(eq(offices.email, key));
  return row
    ? { email: key, delivery: row.delivery, digestHour: row.digestHour, digestWeekday: row.digestWeekday, preferencesChangedAt: row.preferencesChangedAt, bouncedAt: row.bouncedAt, bounceDetail: row.bounceDetail, lastDigestAt: row.lastDigestAt }
    : { email: key, delivery: "each", digestHour: 8, digestWeekday: 1, preferencesChangedAt: null, bouncedAt: null, bounceDetail: null, lastDigestAt: null };
}

/* ------------------------------------------------------------------ the office's own link */

/**
 * The preferences link in every letter's footer: a capability for one office address (HMAC under
 * a key derived from AUTH_SECRET), never a login. It shows and proposes changes; a change takes
 * effect only from a link mailed to the office address itself, and letters are read only after
 * signing in by mail, so a forwarded letter gives its reader nothing.
 */
export function officeLinkToken(email: string): string {
  const key = officeKey(email);
  return `${Buffer.from(key, "utf8").toString("base64url")}.${keyedHash("office-link", key).slice(0, 32)}`;
}

export function officeFromLinkToken(token: string): string | null {
  const [encoded, mac] = token.split(".");
  if (!encoded || !mac || !/^[0-9a-f]{32}$/.test(mac) || encoded.length > 500) return null;
  const email = Buffer.from(encoded, "base64url").toString("utf8");
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email !== officeKey(email)) return null;
  const expected = Buffer.from(keyedHash("office-link", email).slice(0, 32));
  return timingSafeEqual(expected, Buffer.from(mac)) ? email : null;
}

/* ------------------------------------------------------------------ when a digest is due */

const ottawaParts = new Intl.DateTimeFormat("en-CA", { timeZone: OTTAWA, hour: "numeric", hourCycle: "h23", weekday: "short", year: "numeric", month: "2-digit", day: "2-digit" });
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function ottawaHourAndDay(d: Date): { hour: number; weekday: number; day: string } {
  const p = Object.fromEntries(ottawaParts.formatToParts(d).map((x) => [x.type, x.value]));
  return { hour: Number(p.hour), weekday: WEEKDAYS[p.weekday as string], day: `${p.year}-${p.month}-${p.day}` };
}

/**
 * The first whole hour after `after` at which the office's digest goes: its hour, Ottawa time
 * (daylight saving included), on any day for a daily digest or its weekday for a weekly one.
 * `notOnDay` skips a calendar day (a letter over today's cap joins tomorrow's digest).
 */
export function nextDigestAt(office: Pick<OfficeSettings, "delivery" | "digestHour" | "digestWeekday">, after: Date, opts: { notBeforeNextDay?: boolean } = {}): Date {
  const start = new Date(Math.floor(after.getTime() / 3600_000) * 3600_000 + 3600_000);
  const today = ottawaHourAndDay(after).day;
  for (let i = 0; i < 24 * 9; i++) {
    const t = new Date(start.getTime() + i * 3600_000);
    const o = ottawaHourAndDay(t);
    if (o.hour !== office.digestHour) continue;
    if (opts.notBeforeNextDay && o.day === today) continue;
    if (office.delivery === "weekly" && o.weekday !== office.digestWeekday) continue;
    return t;
  }
  return new Date(after.getTime() + 7 * 86400_000);
}

/* ------------------------------------------------------------------ where a letter goes */

export type Destination = { kind: "office"; name: string; email: string } | { kind: "vacant" } | { kind: "no_address" };

/**
 * The office a queued letter goes to now: its MP's, or, when that MP has since been replaced in
 * the directory, the riding's current member's (a letter is to the office, not the person). A
 * riding left vacant makes the letter wait until an import fills it.
 */
export async function destinationFor(q: Q, representativeId: string): Promise<Destination> {
  const [rep] = await q
    .select({ name: representatives.name, email: representatives.email, current: representatives.current, ridingFedNum: representatives.ridingFedNum })
    .from(representatives)
    .where(eq(representatives.id, representativeId));
  if (!rep) return { kind: "vacant" };
  let office = rep.current ? rep : null;
  if (!office) {
    const [now] = await q
      .select({ name: representatives.name, email: representatives.email, current: representatives.current, ridingFedNum: representatives.ridingFedNum })
      .from(representatives)
      .where(and(eq(representatives.ridingFedNum, rep.ridingFedNum), eq(representatives.current, true)))
      .orderBy(desc(representatives.updatedAt))
      .limit(1);
    office = now ?? null;
  }
  if (!office) return { kind: "vacant" };
  if (!office.email) return { kind: "no_address" };
  return { kind: "office", name: office.name, email: officeKey(office.email) };
}

/**
 * After the directory changed (an import, a corrected address): every letter waiting in these
 * ridings for an address (bounced, vacant) gets a send job again. Harmless for a letter that was
 * not waiting: the send claims it once.
 */
export async function releaseWaitingLetters(tx: Tx, ridingFedNums: string[]): Promise<number> {
  if (ridingFedNums.length === 0) return 0;
  const waiting = await tx
    .select({ id: letters.id })
    .from(letters)
    .innerJoin(representatives, eq(representatives.id, letters.representativeId))
    .where(and(eq(letters.status, "queued"), isNull(letters.digestDueAt), inArray(representatives.ridingFedNum, ridingFedNums), sql`${letters.lastError} is not null`));
  for (const w of waiting) await enqueueInTx(tx, QUEUES.letter, { letterId: w.id });
  return waiting.length;
}
