import { and, eq, sql } from "drizzle-orm";
import { campaigns, rateLimitHits, signatures } from "@/db/schema";
import { getDb } from "./db";
import { env } from "./env";

export function benchRoutesEnabled(): boolean {
  return env().CONSTITUENT_BENCH_ROUTES;
}

/** One plain insert with no validation, transaction or job: what signing is compared against. */
export async function insertBenchBaselineRow(): Promise<void> {
  const db = await getDb();
  await db.insert(rateLimitHits).values({ key: "bench:baseline" });
}

/**
 * Staleness benchmark: confirms up to `n` pending signatures of a campaign straight in the
 * database (as another instance's confirmations would, without touching this instance's count
 * cache) and returns the true confirmed count afterwards.
 */
export async function confirmPendingForBench(campaignSlug: string, n: number): Promise<number | null> {
  const db = await getDb();
  const [c] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.slug, campaignSlug));
  if (!c) return null;
  await db.execute(sql`
    update ${signatures} set status = 'confirmed', confirmed_at = now()
    where id in (select id from ${signatures} where campaign_id = ${c.id} and status = 'pending' limit ${n})`);
  const [{ count }] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(signatures)
    .where(and(eq(signatures.campaignId, c.id), eq(signatures.status, "confirmed")));
  return count;
}
