import { and, asc, desc, eq, gte, inArray, like, ne, sql } from "drizzle-orm";
import { z } from "zod";
import {
    SIGNATURE_STATUSES,
    campaignContent,
    campaigns,
    letters,
    representatives,
    ridings,
    signatures,
    type CampaignStatus,
    type LetterStatus,
    type SignatureStatus,
} from "@/db/schema";
import { getDb } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { may } from "./access";
import type { Actor } from "./organizations";

/** Days the per-day chart covers, ending today (Ottawa time, like every date the app shows). */
export const DASHBOARD_DAYS = 60;
const ZONE = "America/Toronto";

/** Every signature state, in the order the totals table lists them. */
export const DASHBOARD_SIGNATURE_STATUSES: readonly SignatureStatus[] = SIGNATURE_STATUSES;

/** What the letters table shows; `sending` is counted as queued, drafts are not shown. */
export const DASHBOARD_LETTER_STATES = ["held", "queued", "sent", "failed", "cancelled"] as const;
export type DashboardLetterState = (typeof DASHBOARD_LETTER_STATES)[number];

const campaignIdSchema = z.uuid();

export interface OrganizerCampaign {
  id: string;
  slug: string;
  title: string;
  status: CampaignStatus;
}

/**
 * One campaign of the actor's organization, or null: another organization's campaign is
 * indistinguishable from one that does not exist (the organization is part of the query).
 */
export async function getCampaignForActor(actor: Pick<Actor, "organizationId">, campaignId: string, locale: string): Promise<OrganizerCampaign | null> {
  if (!campaignIdSchema.safeParse(campaignId).success) return null;
  const db = await getDb();
  const [c] = await db
    .select({ id: campaigns.id, slug: campaigns.slug, status: campaigns.status, locales: campaigns.locales })
    .from(campaigns)
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.organizationId, actor.organizationId)));
  if (!c) return null;
  const contents = await db
    .select({ locale: campaignContent.locale, title: campaignContent.title })
    .from(campaignContent)
    .where(eq(campaignContent.campaignId, c.id));
  const title = (contents.find((x) => x.locale === locale) ?? contents.find((x) => x.locale === c.locales[0]) ?? contents[0])?.title ?? c.slug;
  return { id: c.id, slug: c.slug, title, status: c.status };
}

export interface RidingRow {
  /** null: confirmed signatures with no riding (supporters abroad, or riding not chosen yet). */
  fedNum: string | null;
  nameEn: string | null;
  nameFr: string | null;
  provinceCode: string | null;
  mpName: string | null;
  count: number;
}

export interface MpLetters {
  representativeId: string;
  mpName: string;
  ridingNameEn: string | null;
  ridingNameFr: string | null;
  counts: Record<DashboardLetterState, number>;
  total: number;
}

export interface CampaignDashboard {
  campaign: OrganizerCampaign;
  /** When these figures were read. */
  computedAt: Date;
  byStatus: Record<SignatureStatus, number>;
  /** Oldest first, one entry per day (zeros included), by the day people signed. */
  perDay: { day: string; confirmed: number; pending: number }[];
  /** Confirmed signatures; province from the riding, else from the postal code; null = unknown / abroad. */
  byProvince: { provinceCode: string | null; count: number }[];
  byRiding: RidingRow[];
  lettersByMp: MpLetters[];
  /** signed = pending + confirmed (flagged and invalidated are abuse, shown in byStatus only). */
  funnel: { signed: number; confirmed: number; letterSent: number };
}

// en-CA formats dates as YYYY-MM-DD.
const dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" });

/** A moment's calendar day in Ottawa, as YYYY-MM-DD. */
export function torontoDay(d: Date): string {
  return dayFormat.format(d);
}

function dayRange(today: string, days: number): string[] {
  const noon = Date.parse(`${today}T12:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(noon - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

/**
 * A campaign's figures for its organization's members, or null when the campaign is not the
 * actor's organization's. Aggregates only (no names or addresses): viewers see this page too.
 * Every query is a GROUP BY over one campaign's rows through the (campaign_id, …) indexes, read in
 * one repeatable-read transaction so the figures agree with each other.
 */
export async function getCampaignDashboard(actor: Pick<Actor, "organizationId">, campaignId: string, locale: string): Promise<CampaignDashboard | null> {
  const campaign = await getCampaignForActor(actor, campaignId, locale);
  if (!campaign) return null;
  const db = await getDb();
  const computedAt = new Date();
  const days = dayRange(torontoDay(computedAt), DASHBOARD_DAYS);
  const id = campaign.id;

  return db.transaction(
    async (tx) => {
      const statusRows = await tx
        .select({ status: signatures.status, n: sql<number>`count(*)::int` })
        .from(signatures)
        .where(eq(signatures.campaignId, id))
        .groupBy(signatures.status);

      // Hourly buckets from the epoch (cheaper than converting every row to Ottawa time), folded
      // into Ottawa days below: Ottawa's UTC offsets are whole hours, so no bucket spans two days.
      const hourExpr = sql<number>`floor(date_part('epoch', ${signatures.createdAt}) / 3600)::int`;
      const hourRows = await tx
        .select({ hour: hourExpr, status: signatures.status, n: sql<number>`count(*)::int` })
        .from(signatures)
        .where(
          and(
            eq(signatures.campaignId, id),
            // A constant bound (Ottawa midnight of the first day), so the (campaign_id, created_at) index applies.
            gte(signatures.createdAt, sql`(${days[0]}::date)::timestamp at time zone 'America/Toronto'`),
            inArray(signatures.status, ["pending", "confirmed"]),
          ),
        )
        .groupBy(hourExpr, signatures.status);

      const ridingCounts = tx
        .select({
          fedNum: signatures.ridingFedNum,
          provinceCode: signatures.provinceCode,
          n: sql<number>`count(*)::int`.as("n"),
        })
        .from(signatures)
        .where(and(eq(signatures.campaignId, id), eq(signatures.status, "confirmed")))
        .groupBy(signatures.ridingFedNum, signatures.provinceCode)
        .as("riding_counts");
      const ridingRows = await tx
        .select({
          fedNum: ridingCounts.fedNum,
          postalProvince: ridingCounts.provinceCode,
          n: ridingCounts.n,
          nameEn: ridings.nameEn,
          nameFr: ridings.nameFr,
          ridingProvince: ridings.provinceCode,
          mpName: representatives.name,
        })
        .from(ridingCounts)
        .leftJoin(ridings, eq(ridings.fedNum, ridingCounts.fedNum))
        .leftJoin(representatives, and(eq(representatives.ridingFedNum, ridings.fedNum), eq(representatives.current, true)));

      const letterCounts = tx
        .select({ representativeId: letters.representativeId, status: letters.status, n: sql<number>`count(*)::int`.as("n") })
        .from(letters)
        .where(and(eq(letters.campaignId, id), ne(letters.status, "draft")))
        .groupBy(letters.representativeId, letters.status)
        .as("letter_counts");
      const letterRows = await tx
        .select({
          representativeId: letterCounts.representativeId,
          status: letterCounts.status,
          n: letterCounts.n,
          mpName: representatives.name,
          ridingNameEn: ridings.nameEn,
          ridingNameFr: ridings.nameFr,
        })
        .from(letterCounts)
        .innerJoin(representatives, eq(representatives.id, letterCounts.representativeId))
        .leftJoin(ridings, eq(ridings.fedNum, representatives.ridingFedNum))
        .orderBy(asc(representatives.name));

      const [sent] = await tx
        .select({ n: sql<number>`count(distinct ${letters.signatureId})::int` })
        .from(letters)
        .where(and(eq(letters.campaignId, id), eq(letters.status, "sent")));

      const byStatus = Object.fromEntries(SIGNATURE_STATUSES.map((s) => [s, 0])) as Record<SignatureStatus, number>;
      for (const r of statusRows) byStatus[r.status] = r.n;

      const perDayMap = new Map(days.map((d) => [d, { day: d, confirmed: 0, pending: 0 }]));
      for (const r of hourRows) {
        const e = perDayMap.get(torontoDay(new Date(r.hour * 3_600_000)));
        if (e && (r.status === "confirmed" || r.status === "pending")) e[r.status] += r.n;
      }

      const ridingMap = new Map<string | null, RidingRow>();
      const provinceMap = new Map<string | null, number>();
      for (const r of ridingRows) {
        const province = r.ridingProvince ?? r.postalProvince ?? null;
        provinceMap.set(province, (provinceMap.get(province) ?? 0) + r.n);
        const row = ridingMap.get(r.fedNum) ?? { fedNum: r.fedNum, nameEn: r.nameEn, nameFr: r.nameFr, provinceCode: r.ridingProvince, mpName: r.mpName, count: 0 };
        row.count += r.n;
        ridingMap.set(r.fedNum, row);
      }
      const byRiding = [...ridingMap.values()].sort(
        (a, b) => Number(a.fedNum === null) - Number(b.fedNum === null) || b.count - a.count || (a.nameEn ?? "").localeCompare(b.nameEn ?? ""),
      );
      const byProvince = [...provinceMap.entries()]
        .map(([provinceCode, count]) => ({ provinceCode, count }))
        .sort((a, b) => Number(a.provinceCode === null) - Number(b.provinceCode === null) || b.count - a.count);

      const mpMap = new Map<string, MpLetters>();
      for (const r of letterRows) {
        const state = toDashboardState(r.status);
        if (!state) continue;
        const row =
          mpMap.get(r.representativeId) ??
          ({
            representativeId: r.representativeId,
            mpName: r.mpName,
            ridingNameEn: r.ridingNameEn,
            ridingNameFr: r.ridingNameFr,
            counts: Object.fromEntries(DASHBOARD_LETTER_STATES.map((s) => [s, 0])) as Record<DashboardLetterState, number>,
            total: 0,
          } satisfies MpLetters);
        row.counts[state] += r.n;
        row.total += r.n;
        mpMap.set(r.representativeId, row);
      }
      const lettersByMp = [...mpMap.values()].sort((a, b) => b.total - a.total || a.mpName.localeCompare(b.mpName));

      return {
        campaign,
        computedAt,
        byStatus,
        perDay: [...perDayMap.values()],
        byProvince,
        byRiding,
        lettersByMp,
        funnel: { signed: byStatus.pending + byStatus.confirmed, confirmed: byStatus.confirmed, letterSent: sent?.n ?? 0 },
      };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

function toDashboardState(s: LetterStatus): DashboardLetterState | null {
  if (s === "sending") return "queued";
  return (DASHBOARD_LETTER_STATES as readonly string[]).includes(s) ? (s as DashboardLetterState) : null;
}

/* ------------------------------------------------------------------ letters needing attention */

/** How many failed letters the dashboard lists (the total is always given). */
export const ATTENTION_FAILED_LIMIT = 50;

/** The prefix deliverLetter writes in last_error when an office's daily cap defers a letter. */
export const DAILY_CAP_REASON_PREFIX = "daily cap of ";

export interface FailedLetter {
  letterId: string;
  mpName: string;
  failedAt: Date | null;
  attempts: number;
  /** The relay's answer or our own reason, with every email address masked. */
  reason: string;
  /** Only for roles that may see personal data; null for viewers. */
  supporterName: string | null;
}

export interface DeferredOffice {
  representativeId: string;
  mpName: string;
  count: number;
  /** When the office's next day opens (Ottawa midnight, plus the few minutes the job waits). */
  resumesAt: Date;
}

export interface LettersNeedingAttention {
  /** The per-office daily cap in force (LETTER_DAILY_CAP_PER_OFFICE). */
  dailyCap: number;
  failedTotal: number;
  failed: FailedLetter[];
  deferred: DeferredOffice[];
}

/** Relay answers can quote addresses (the office's, sometimes the supporter's Reply-To): masked for everyone. */
export function sanitiseDeliveryReason(reason: string | null): string {
  return (reason ?? "")
    .replace(/[^\s<>()",;:@]+@[^\s<>()",;:@]+/g, "[address]")
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .trim()
    .slice(0, 300);
}

/**
 * Failed letters with their reason, and letters waiting for an office's next day because of the
 * per-office daily cap (LETTER_DAILY_CAP_PER_OFFICE), for one campaign of the actor's organization.
 * Null when the campaign is not the actor's organization's. Supporter names only for owners and editors.
 */
export async function getLettersNeedingAttention(
  actor: Pick<Actor, "organizationId" | "role">,
  campaignId: string,
): Promise<LettersNeedingAttention | null> {
  if (!campaignIdSchema.safeParse(campaignId).success) return null;
  const db = await getDb();
  const [c] = await db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.organizationId, actor.organizationId)));
  if (!c) return null;
  const personal = may(actor, "personalData.read");

  const [{ n: failedTotal }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(letters)
    .where(and(eq(letters.campaignId, c.id), eq(letters.status, "failed")));
  const failedRows = await db
    .select({
      letterId: letters.id,
      mpName: representatives.name,
      failedAt: letters.failedAt,
      attempts: letters.attempts,
      reason: letters.lastError,
      supporterName: signatures.name,
    })
    .from(letters)
    .innerJoin(representatives, eq(representatives.id, letters.representativeId))
    .innerJoin(signatures, eq(signatures.id, letters.signatureId))
    .where(and(eq(letters.campaignId, c.id), eq(letters.status, "failed")))
    .orderBy(desc(letters.failedAt), asc(letters.id))
    .limit(ATTENTION_FAILED_LIMIT);

  const deferredRows = await db
    .select({
      representativeId: letters.representativeId,
      mpName: representatives.name,
      n: sql<number>`count(*)::int`,
      resumesAt: sql<string>`max((date_trunc('day', now() at time zone 'America/Toronto') at time zone 'America/Toronto') + interval '1 day' + interval '5 minutes')`,
    })
    .from(letters)
    .innerJoin(representatives, eq(representatives.id, letters.representativeId))
    .where(and(eq(letters.campaignId, c.id), eq(letters.status, "queued"), like(letters.lastError, `${DAILY_CAP_REASON_PREFIX}%`)))
    .groupBy(letters.representativeId, representatives.name)
    .orderBy(desc(sql`count(*)`), asc(representatives.name));

  return {
    dailyCap: env().LETTER_DAILY_CAP_PER_OFFICE,
    failedTotal,
    failed: failedRows.map((r) => ({
      letterId: r.letterId,
      mpName: r.mpName,
      failedAt: r.failedAt,
      attempts: r.attempts,
      reason: sanitiseDeliveryReason(r.reason),
      supporterName: personal ? r.supporterName : null,
    })),
    deferred: deferredRows.map((r) => ({ representativeId: r.representativeId, mpName: r.mpName, count: r.n, resumesAt: new Date(r.resumesAt) })),
  };
}
