import { and, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import { blocklist, rateLimitHits, type BlockKind } from "@/db/schema";
import type { Db, Tx } from "./db";

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

const LONGEST_WINDOW_SECONDS = 24 * 3600;

/** Records one hit for `key` and says whether any rule is now exceeded. */
export async function hitRateLimit(q: Tx | Db, key: string, rules: LimitRule[]): Promise<boolean> {
  await q.insert(rateLimitHits).values({ key });
  const longest = Math.max(...rules.map((r) => r.windowSeconds));
  const columns = Object.fromEntries(
    rules.map((r, i) => [
      `w${i}`,
      sql<number>`(count(*) filter (where ${rateLimitHits.at} > now() - make_interval(secs => ${r.windowSeconds})))::int`,
    ]),
  );
  const [counts] = await q
    .select(columns)
    .from(rateLimitHits)
    .where(and(eq(rateLimitHits.key, key), gt(rateLimitHits.at, sql`now() - make_interval(secs => ${longest})`)));
  const over = rules.some((r, i) => Number(counts[`w${i}`]) > r.limit);
  if (Math.random() < 0.01) await pruneRateLimitHits(q);
  return over;
}

export async function pruneRateLimitHits(q: Tx | Db): Promise<void> {
  await q.delete(rateLimitHits).where(lt(rateLimitHits.at, sql`now() - make_interval(secs => ${LONGEST_WINDOW_SECONDS})`));
}

/** Why this signer is blocked for this organization's campaigns, or null. */
export async function blockReason(q: Tx | Db, organizationId: string, ip: string | null, email: string): Promise<string | null> {
  const domain = email.split("@")[1]?.toLowerCase() ?? "";
  const [hit] = await q
    .select({ kind: blocklist.kind, value: blocklist.value })
    .from(blocklist)
    .where(
      and(
        or(isNull(blocklist.organizationId), eq(blocklist.organizationId, organizationId)),
        or(
          and(eq(blocklist.kind, "email_domain"), sql`${domain} = ${blocklist.value} or ${domain} like '%.' || ${blocklist.value}`),
          ip ? and(eq(blocklist.kind, "ip_range"), sql`${ip}::inet <<= ${blocklist.value}::cidr`) : sql`false`,
        ),
      ),
    )
    .limit(1);
  return hit ? `blocked:${hit.kind}:${hit.value}` : null;
}

/** Adds a block; the value is validated and normalised by PostgreSQL itself (CIDR) or lower-cased (domain). */
export async function addBlock(
  q: Tx | Db,
  entry: { organizationId: string | null; kind: BlockKind; value: string; reason?: string; createdBy?: string },
): Promise<void> {
  let value = entry.value.trim().toLowerCase();
  if (entry.kind === "ip_range") {
    const [r] = await q.select({ v: sql<string>`${value}::cidr::text` }).from(sql`(select 1) as one`);
    value = r.v;
  } else if (!/^[a-z0-9.-]+\.[a-z]{2,}$/.test(value)) {
    throw new Error("invalid email domain");
  }
  await q
    .insert(blocklist)
    .values({ organizationId: entry.organizationId, kind: entry.kind, value, reason: entry.reason ?? null, createdBy: entry.createdBy ?? null })
    .onConflictDoNothing();
}
