import { and, eq, inArray, sql } from "drizzle-orm";
import { COUNTED_SIGNATURE_STATUSES, ridings, signatures } from "@/db/schema";
import { getDb } from "@/lib/server/db";
import { ttlMemo } from "@/lib/server/cache";
import { getPublicCampaign } from "./public";

/**
 * A campaign's public figures, for anyone to read and republish (GET /api/campaigns/<slug>):
 * the count, goal, state, languages, and where the verified signatures come from. No figure may
 * single anyone out: a riding with fewer than MIN_GROUP signatures is counted in "other", and so
 * is a province or territory with fewer (Nunavut, Yukon and the Northwest Territories are one
 * riding each, so their province count would otherwise be the riding's).
 */
export const MIN_GROUP = 5;
/** How long the figures are reused (per instance) and how long a CDN may serve them. */
export const PUBLIC_STATS_TTL_SECONDS = 10;
/**
 * Cacheable by a CDN for the count interval, served stale while it refreshes and when the origin
 * fails (the e-petitions pattern: max-age = interval, swr 2×, stale-if-error 5×).
 */
export const PUBLIC_STATS_CACHE_CONTROL = `public, max-age=${PUBLIC_STATS_TTL_SECONDS}, stale-while-revalidate=${2 * PUBLIC_STATS_TTL_SECONDS}, stale-if-error=${5 * PUBLIC_STATS_TTL_SECONDS}`;

export interface PublicCampaignStats {
  slug: string;
  title: string;
  state: "published" | "closed";
  languages: string[];
  goal: number;
  count: number;
  endsAt: string | null;
  byProvince: { province: string; count: number }[];
  byRiding: { fedNum: string; nameEn: string; nameFr: string; province: string; count: number }[];
  /** Verified signatures in groups too small to show, and those with no riding (from abroad). */
  other: { provinces: number; ridings: number };
  asOf: string;
}

async function load(campaignId: string) {
  const db = await getDb();
  return db
    .select({ fedNum: signatures.ridingFedNum, nameEn: ridings.nameEn, nameFr: ridings.nameFr, province: ridings.provinceCode, count: sql<number>`count(*)::int` })
    .from(signatures)
    .leftJoin(ridings, eq(ridings.fedNum, signatures.ridingFedNum))
    .where(and(eq(signatures.campaignId, campaignId), inArray(signatures.status, COUNTED_SIGNATURE_STATUSES)))
    .groupBy(signatures.ridingFedNum, ridings.nameEn, ridings.nameFr, ridings.provinceCode);
}

const groupsMemo = ttlMemo("public-stats", PUBLIC_STATS_TTL_SECONDS * 1000, load, { maxEntries: 2_000, maxBytes: 20_000_000 });

/** Forgets this instance's figures for a campaign (tests, and an organizer's own refresh). */
export function invalidatePublicStats(campaignId: string): void {
  groupsMemo.invalidate(campaignId);
}

/** The figures of a public campaign (published or closed, organization not suspended), or null. */
export async function getPublicCampaignStats(slug: string): Promise<PublicCampaignStats | null> {
  const campaign = await getPublicCampaign(slug, "en");
  if (!campaign || (campaign.status !== "published" && campaign.status !== "closed")) return null;
  const groups = await groupsMemo.get(campaign.id);
  const count = groups.reduce((n, g) => n + g.count, 0);
  const byProvinceAll = new Map<string, number>();
  for (const g of groups) if (g.province) byProvinceAll.set(g.province, (byProvinceAll.get(g.province) ?? 0) + g.count);
  const byProvince = [...byProvinceAll].filter(([, n]) => n >= MIN_GROUP).map(([province, n]) => ({ province, count: n }));
  const byRiding = groups
    .filter((g) => g.fedNum && g.province && g.count >= MIN_GROUP)
    .map((g) => ({ fedNum: g.fedNum!, nameEn: g.nameEn!, nameFr: g.nameFr!, province: g.province!, count: g.count }));
  const sum = (xs: { count: number }[]) => xs.reduce((n, x) => n + x.count, 0);
  return {
    slug: campaign.slug,
    title: campaign.title,
    state: campaign.status,
    languages: campaign.locales,
    goal: campaign.goal,
    count,
    endsAt: campaign.endsAt?.toISOString() ?? null,
    byProvince: byProvince.sort((a, b) => b.count - a.count || a.province.localeCompare(b.province)),
    byRiding: byRiding.sort((a, b) => b.count - a.count || a.fedNum.localeCompare(b.fedNum)),
    other: { provinces: count - sum(byProvince), ridings: count - sum(byRiding) },
    asOf: new Date().toISOString(),
  };
}

/** The same figures by riding as CSV rows (header first), for spreadsheets. */
export function publicStatsCsvRows(stats: PublicCampaignStats): string[][] {
  return [
    ["fed_num", "riding_en", "riding_fr", "province", "verified_signatures"],
    ...stats.byRiding.map((r) => [r.fedNum, r.nameEn, r.nameFr, r.province, String(r.count)]),
    ["", "other (fewer than 5 in a riding, or from abroad)", "autres (moins de 5 par circonscription, ou de l’étranger)", "", String(stats.other.ridings)],
  ];
}
