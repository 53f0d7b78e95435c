import { keyedHash } from "./seal";
import { lt, sql } from "drizzle-orm";
import { rateLimitHits } from "@/db/schema";
import { getDb, type Db, type Tx } from "./db";
import { env } from "./env";

/**
 * Abuse resistance that holds across instances: counters and block lists live in the database.
 * Signers over a limit or on a block list are not refused; their signature is silently flagged
 * (not counted) and organizers see why (the e-petitions approach: abusers learn nothing).
 */
export interface LimitRule {
  limit: number;
  windowSeconds: number;
}

/** e-petitions' defaults per IP per campaign: a burst of 1 per minute and 5 per five minutes. */
export const SIGNING_LIMITS_PER_IP: LimitRule[] = [
  { limit: 1, windowSeconds: 60 },
  { limit: 5, windowSeconds: 300 },
];

/** Sign-in links per address and per IP, per hour (SIGN_IN_LINKS_PER_HOUR; six times that per IP). */
export function signInLimits(perHour: number): { email: LimitRule[]; ip: LimitRule[] } {
  return { email: [{ limit: perHour, windowSeconds: 3600 }], ip: [{ limit: perHour * 6, windowSeconds: 3600 }] };
}

const LONGEST_WINDOW_SECONDS = 24 * 3600;

/** Records one hit for `key` and says whether any rule is now exceeded. */
export async function hitRateLimit(q: Tx | Db, key: string, rules: LimitRule[]): Promise<boolean> {
  const longest = Math.max(...rules.map((r) => r.windowSeconds));
  // One round trip: record the hit and count the earlier ones (a CTE's insert is not visible to
  // the same statement's read, hence the + 1).
  const windows = rules.map((r, i) => sql`(count(*) filter (where at > now() - make_interval(secs => ${r.windowSeconds})))::int + 1 as ${sql.raw(`w${i}`)}`);
  const result = (await q.execute(sql`
    with hit as (insert into ${rateLimitHits} (key) values (${key}) returning 1)
    select ${sql.join(windows, sql`, `)}, (select count(*) from hit) as recorded
    from ${rateLimitHits} where key = ${key} and at > now() - make_interval(secs => ${longest})
  `)) as unknown as { rows: Record<string, unknown>[] };
  const row = result.rows[0] ?? {};
  const over = rules.some((r, i) => Number(row[`w${i}`] ?? 1) > r.limit);
  return over;
}

/**
 * Counters over a day old, removed by the hourly housekeeping (lib/jobs/maintenance.ts) through the
 * index on `at`. Never from a request: a sweep inside the signing transaction made every signer
 * behind it wait (PGlite runs one statement at a time), which was most of signing's p99.
 */
export async function pruneRateLimitHits(q: Tx | Db): Promise<void> {
  await q.delete(rateLimitHits).where(lt(rateLimitHits.at, sql`now() - make_interval(secs => ${LONGEST_WINDOW_SECONDS})`));
}

/**
 * Whether another sign-in link may be mailed: limits an attacker flooding an organizer's inbox
 * (or probing addresses) to a few messages. Over the limit the requester sees the usual "check
 * your email" page and nothing is sent.
 */
export async function allowSignInLink(email: string, ip: string | null): Promise<boolean> {
  const db = await getDb();
  const address = email.trim().toLowerCase();
  const limits = signInLimits(env().SIGN_IN_LINKS_PER_HOUR);
  // Keyed by a keyed hash: a copy of the database does not list who tried to sign in.
  const overEmail = await hitRateLimit(db, `signin:email:${keyedHash("rate-limit", address)}`, limits.email);
  const overIp = ip ? await hitRateLimit(db, `signin:ip:${ip}`, limits.ip) : false;
  return !overEmail && !overIp;
}
