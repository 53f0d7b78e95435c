import { and, eq, inArray, sql } from "drizzle-orm";
import {
COUNTED_SIGNATURE_STATUSES,signatures
} from "@/db/schema";
import { getDb } from "@/lib/server/db";
import { ttlMemo, type MemoStats } from "@/lib/server/cache";

/** How long a confirmed-signature count may be served from memory (per instance). */
export const COUNT_TTL_MS = 5_000;

// Keyed by the ids of campaigns that exist (callers found them first): one entry per live
// campaign, a few dozen bytes each.
const countMemo = ttlMemo(
  "counts",
  COUNT_TTL_MS,
  async (campaignId: string) => {
    const db = await getDb();
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(signatures)
      .where(and(eq(signatures.campaignId, campaignId), inArray(signatures.status, COUNTED_SIGNATURE_STATUSES)));
    return row.n;
  },
  { maxEntries: 10_000, maxBytes: 1_000_000, sizeOf: () => 8 },
);

/**
 * Confirmed signatures for a campaign. A hot page must not hit the database per request: each
 * instance recomputes the aggregate at most once per COUNT_TTL_MS, and concurrent readers share
 * one query (no per-signature counter row, which would serialise every insert).
 */
export function getConfirmedCount(campaignId: string): Promise<number> {
  return countMemo.get(campaignId);
}

/** Drops the cached count (after a confirmation in this instance, so the signer sees it move). */
export function invalidateCount(campaignId: string): void {
  countMemo.invalidate(campaignId);
}

/** What the count cache of this instance holds now, against its limits. */
export function getCountCacheStats(): MemoStats {
  return countMemo.stats();
}
