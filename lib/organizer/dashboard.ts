import { openRows } from "@/lib/privacy/encryption";
import { and, asc, desc, eq, gte, inArray, like, ne, sql } from "drizzle-orm";
import { z } from "zod";
import {
    SIGNATURE_STATUSES,
    campaignContent,
    campaignStats,
    campaigns,
    letters,
    representatives,
    ridings,
    signatures,
    type CampaignStatus,
    type LetterStatus,
    type SignatureStatus,
} from "@/db/schema";
import { getDb, type Db, type Tx } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { log } from "@/lib/server/log";
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

/** The oldest snapshot a dashboard read shows (issue #12: figures no more than a minute old). */
export const DASHBOARD_SNAPSHOT_MAX_AGE_SECONDS = 60;
/**
 * Campaigns with fewer signatures and letters than this are always counted live: their read costs
 * a few milliseconds, so their organizers see every change at the next reload. Above it, the read
 * is the snapshot (a million signatures take about a second to count).
 */
export const DASHBOARD_SNAPSHOT_FROM_ROWS = 10_000;
/**
 * Age at which the refresh job recomputes a snapshot whose campaign shows activity. With a tick
 * every 15 s (lib/jobs/dashboard-refresh.ts), a busy campaign's snapshot is replaced before it is
 * a minute old, so reads keep hitting it.
 */
export const DASHBOARD_REFRESH_AFTER_SECONDS = 40;
/** Bumped whenever the stored figures change shape: older snapshots are then computed again. */
const FIGURES_VERSION = 2;

const campaignIdSchema = z.uuid();

export interface OrganizerCampaign {
  id: string;
  slug: string;
  title: string;
  status: CampaignStatus;
}

type CampaignRow = { id: string; slug: string; status: CampaignStatus; locales: string[] };

async function withTitle(db: Db, c: CampaignRow, locale: string): Promise<OrganizerCampaign> {
  const contents = await db
    .select({ locale: campaignContent.locale, title: campaignContent.title })
    .from(campaignContent)
    .where(eq(campaignContent.campaignId, c.id));
  const title = (contents.find((x) => x.locale === locale) ?? contents.find((x) => x.locale === c.locales[0]) ?? contents[0])?.title ?? c.slug;
  return { id: c.id, slug: c.slug, title, status: c.status };
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
  return c ? withTitle(db, c, locale) : null;
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

/** A campaign's figures: plain JSON (strings, numbers, null), so a snapshot returns them exactly. */
export type DashboardFigures = {
  byStatus: Record<SignatureStatus, number>;
  /** Oldest first, one entry per day (zeros included), by the day people signed. */
  perDay: { day: string; confirmed: number; pending: number }[];
  /** Confirmed signatures; province from the riding, else from the postal code; null = unknown / abroad. */
  byProvince: { provinceCode: string | null; count: number }[];
  byRiding: RidingRow[];
  lettersByMp: MpLetters[];
  /** signed = pending + confirmed (flagged and invalidated are abuse, shown in byStatus only). */
  funnel: { signed: number; confirmed: number; letterSent: number };
  /**
   * By the `?src=` tag of the link each supporter signed from (null: none): confirmed signatures,
   * letters waiting to go (queued or sending) and letters sent.
   */
  bySource: SourceRow[];
};

export interface SourceRow {
  source: string | null;
  confirmed: number;
  lettersQueued: number;
  lettersSent: number;
}

export type CampaignDashboard = DashboardFigures & {
  campaign: OrganizerCampaign;
  /** When these figures were computed (the database's clock): the page shows it as "as of". */
  computedAt: Date;
};

/** What campaign_stats.figures holds: the figures and what the snapshot's readers and refresher need. */
type StoredFigures = DashboardFigures & {
  version: number;
  /** Signatures and letters counted: whether the snapshot is worth reading (DASHBOARD_SNAPSHOT_FROM_ROWS). */
  rows: number;
  /** Letters held, queued or sending: the refresh job sees letters leave those states by this count. */
  lettersInFlight: number;
};

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

export interface DashboardReadOptions {
  /** The oldest snapshot to show, in seconds; 0 computes live. */
  maxAgeSeconds?: number;
  /** Campaigns with fewer signatures and letters are computed live whatever their snapshot. */
  snapshotFromRows?: number;
}

/**
 * A campaign's figures for its organization's members, or null when the campaign is not the
 * actor's organization's. Aggregates only (no names or addresses): viewers see this page too.
 *
 * A large campaign's figures come from its snapshot (campaign_stats) when it is at most a minute
 * old; otherwise, and always for a small campaign, they are computed live and the snapshot stored.
 * `computedAt` is when the figures were computed, whichever way they came. The snapshot is reached
 * only through the campaign row of the actor's organization, in the same query.
 */
export async function getCampaignDashboard(
  actor: Pick<Actor, "organizationId">,
  campaignId: string,
  locale: string,
  opts: DashboardReadOptions = {},
): Promise<CampaignDashboard | null> {
  if (!campaignIdSchema.safeParse(campaignId).success) return null;
  const maxAge = opts.maxAgeSeconds ?? DASHBOARD_SNAPSHOT_MAX_AGE_SECONDS;
  const from = opts.snapshotFromRows ?? DASHBOARD_SNAPSHOT_FROM_ROWS;
  const db = await getDb();
  const [c] = await db
    .select({
      id: campaigns.id,
      slug: campaigns.slug,
      status: campaigns.status,
      locales: campaigns.locales,
      computedAt: campaignStats.computedAt,
      figures: campaignStats.figures,
    })
    .from(campaigns)
    .leftJoin(
      campaignStats,
      and(eq(campaignStats.campaignId, campaigns.id), sql`${campaignStats.computedAt} > now() - make_interval(secs => ${maxAge})`),
    )
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.organizationId, actor.organizationId)));
  if (!c) return null;
  const campaign = await withTitle(db, c, locale);
  const snapshot = storedFigures(c.figures);
  if (c.computedAt && snapshot && snapshot.rows >= from) return { campaign, computedAt: c.computedAt, ...figuresOf(snapshot) };

  const live = await db.transaction((tx) => computeFigures(tx, campaign.id), { isolationLevel: "repeatable read", accessMode: "read only" });
  if (live.figures.rows >= from) await storeSnapshot(db, campaign.id, live.computedAt, live.figures);
  return { campaign, computedAt: live.computedAt, ...figuresOf(live.figures) };
}

/** The figures alone, in the order and shape the live computation returns them. */
function figuresOf(f: StoredFigures): DashboardFigures {
  return { byStatus: f.byStatus, perDay: f.perDay, byProvince: f.byProvince, byRiding: f.byRiding, lettersByMp: f.lettersByMp, funnel: f.funnel, bySource: f.bySource };
}

/** A snapshot's figures when they are of the current shape, else null (computed again). */
function storedFigures(json: Record<string, unknown> | null): StoredFigures | null {
  if (!json || json.version !== FIGURES_VERSION || typeof json.rows !== "number") return null;
  return json as unknown as StoredFigures;
}

/** Stores a snapshot, keeping the newer of two computations stored at once (a reader's and the job's). */
async function upsertSnapshot(db: Db | Tx, campaignId: string, computedAt: Date, figures: StoredFigures): Promise<void> {
  await db
    .insert(campaignStats)
    .values({ campaignId, computedAt, figures })
    .onConflictDoUpdate({
      target: campaignStats.campaignId,
      set: { computedAt: sql`excluded.computed_at`, figures: sql`excluded.figures` },
      setWhere: sql`${campaignStats.computedAt} < excluded.computed_at`,
    });
}

/** A reader stores what it computed; failing to only means the next read computes again. */
async function storeSnapshot(db: Db, campaignId: string, computedAt: Date, figures: StoredFigures): Promise<void> {
  try {
    await upsertSnapshot(db, campaignId, computedAt, figures);
  } catch (err) {
    log.warn("dashboard.snapshot_not_stored", { campaignId, error: err });
  }
}

/**
 * Every figure of one campaign, inside the caller's repeatable-read transaction so they agree with
 * each other. Two passes over the campaign's signatures (statuses with ridings and provinces; the
 * per-hour counts of the last 60 days), one GROUP BY each through the (campaign_id, …) indexes,
 * and two small ones over its letters. No authorisation here: callers scope the campaign first.
 */
async function computeFigures(tx: Tx, campaignId: string): Promise<{ computedAt: Date; figures: StoredFigures }> {
  // JIT compilation costs more than it saves on these GROUP BYs (~150 ms at a million rows), and
  // the planner, which cannot tell that hours are few, sorts the hourly buckets on disk with the
  // default 4 MB where hashing them takes a few hundred kB.
  await tx.execute(sql`set local jit = off`);
  await tx.execute(sql`set local work_mem = '32MB'`);
  // The database's clock, at the start of the transaction whose snapshot the figures describe.
  const clock = (await tx.execute(sql`select (extract(epoch from now()) * 1000)::float8 as ms`)) as unknown as { rows: { ms: number }[] };
  const computedAt = new Date(Math.floor(Number(clock.rows[0].ms)));
  const days = dayRange(torontoDay(computedAt), DASHBOARD_DAYS);

  // Statuses, ridings and postal provinces in one pass: the totals are the sums per status.
  const groups = tx
    .select({
      status: signatures.status,
      fedNum: signatures.ridingFedNum,
      provinceCode: signatures.provinceCode,
      source: signatures.source,
      n: sql<number>`count(*)::int`.as("n"),
    })
    .from(signatures)
    .where(eq(signatures.campaignId, campaignId))
    .groupBy(signatures.status, signatures.ridingFedNum, signatures.provinceCode, signatures.source)
    .as("signature_groups");
  const groupRows = await tx
    .select({
      status: groups.status,
      fedNum: groups.fedNum,
      postalProvince: groups.provinceCode,
      source: groups.source,
      n: groups.n,
      nameEn: ridings.nameEn,
      nameFr: ridings.nameFr,
      ridingProvince: ridings.provinceCode,
      mpName: representatives.name,
    })
    .from(groups)
    .leftJoin(ridings, eq(ridings.fedNum, groups.fedNum))
    .leftJoin(representatives, and(eq(representatives.ridingFedNum, ridings.fedNum), eq(representatives.current, true)));

  // Hourly buckets from the epoch (cheaper than converting every row to Ottawa time), folded
  // into Ottawa days below: Ottawa's UTC offsets are whole hours, so no bucket spans two days.
  const hourExpr = sql<number>`floor(date_part('epoch', ${signatures.createdAt}) / 3600)::int`;
  const hourRows = await tx
    .select({ hour: hourExpr, status: signatures.status, n: sql<number>`count(*)::int` })
    .from(signatures)
    .where(
      and(
        eq(signatures.campaignId, campaignId),
        // A constant bound (Ottawa midnight of the first day), so the (campaign_id, created_at) index applies.
        gte(signatures.createdAt, sql`(${days[0]}::date)::timestamp at time zone 'America/Toronto'`),
        inArray(signatures.status, ["pending", "confirmed"]),
      ),
    )
    .groupBy(hourExpr, signatures.status);

  const letterCounts = tx
    .select({ representativeId: letters.representativeId, status: letters.status, n: sql<number>`count(*)::int`.as("n") })
    .from(letters)
    .where(and(eq(letters.campaignId, campaignId), ne(letters.status, "draft")))
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

  // Letters on their way or delivered, by the source of the signature they were written from.
  const letterSourceRows = await tx
    .select({ source: signatures.source, status: letters.status, n: sql<number>`count(*)::int` })
    .from(letters)
    .innerJoin(signatures, eq(signatures.id, letters.signatureId))
    .where(and(eq(letters.campaignId, campaignId), inArray(letters.status, ["queued", "sending", "sent"])))
    .groupBy(signatures.source, letters.status);

  const [sent] = await tx
    .select({ n: sql<number>`count(distinct ${letters.signatureId})::int` })
    .from(letters)
    .where(and(eq(letters.campaignId, campaignId), eq(letters.status, "sent")));

  const byStatus = Object.fromEntries(SIGNATURE_STATUSES.map((s) => [s, 0])) as Record<SignatureStatus, number>;
  const ridingMap = new Map<string | null, RidingRow>();
  const provinceMap = new Map<string | null, number>();
  const sourceMap = new Map<string | null, SourceRow>();
  const sourceRow = (source: string | null) => {
    const row = sourceMap.get(source) ?? { source, confirmed: 0, lettersQueued: 0, lettersSent: 0 };
    sourceMap.set(source, row);
    return row;
  };
  for (const r of groupRows) {
    byStatus[r.status] += r.n;
    if (r.status !== "confirmed") continue;
    sourceRow(r.source).confirmed += r.n;
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

  const perDayMap = new Map(days.map((d) => [d, { day: d, confirmed: 0, pending: 0 }]));
  for (const r of hourRows) {
    const e = perDayMap.get(torontoDay(new Date(r.hour * 3_600_000)));
    if (e && (r.status === "confirmed" || r.status === "pending")) e[r.status] += r.n;
  }

  const mpMap = new Map<string, MpLetters>();
  let letterTotal = 0;
  let lettersInFlight = 0;
  for (const r of letterRows) {
    letterTotal += r.n;
    if (r.status === "held" || r.status === "queued" || r.status === "sending") lettersInFlight += r.n;
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
  for (const r of letterSourceRows) {
    if (r.status === "sent") sourceRow(r.source).lettersSent += r.n;
    else sourceRow(r.source).lettersQueued += r.n;
  }
  // Tagged links first, most confirmed first; signatures without a tag last.
  const bySource = [...sourceMap.values()].sort(
    (a, b) => Number(a.source === null) - Number(b.source === null) || b.confirmed - a.confirmed || (a.source ?? "").localeCompare(b.source ?? ""),
  );
  const lettersByMp = [...mpMap.values()].sort((a, b) => b.total - a.total || a.mpName.localeCompare(b.mpName));

  const signatureTotal = Object.values(byStatus).reduce((a, b) => a + b, 0);
  return {
    computedAt,
    figures: {
      version: FIGURES_VERSION,
      rows: signatureTotal + letterTotal,
      lettersInFlight,
      byStatus,
      perDay: [...perDayMap.values()],
      byProvince,
      byRiding,
      lettersByMp,
      funnel: { signed: byStatus.pending + byStatus.confirmed, confirmed: byStatus.confirmed, letterSent: sent?.n ?? 0 },
      bySource,
    },
  };
}

function toDashboardState(s: LetterStatus): DashboardLetterState | null {
  if (s === "sending") return "queued";
  return (DASHBOARD_LETTER_STATES as readonly string[]).includes(s) ? (s as DashboardLetterState) : null;
}

/* ------------------------------------------------------------------ keeping snapshots fresh */

/**
 * Changes this much older than a snapshot still count as activity after it: a transaction that
 * began before the snapshot (its rows carry its start time) may commit after it, and a supporter
 * picks a riding (which carries no time) a minute or two after signing.
 */
const ACTIVITY_GRACE = sql.raw(`interval '2 minutes'`);
/** Two keys for pg_try_advisory_xact_lock: this namespace and the campaign. */
const REFRESH_LOCK_NAMESPACE = 12_060;

/**
 * The refresh job's work (every 15 s, lib/jobs/dashboard-refresh.ts): recomputes the snapshots of
 * large campaigns that are `olderThanSeconds` old and show activity since (signatures created,
 * confirmed or invalidated; letters entering or leaving held/queued/sending; anything in the
 * organization's audit log, such as moderation), one campaign at a time. A quiet campaign costs a
 * few index probes and is not recomputed; its next read computes it if its snapshot is over a
 * minute old. Changes the probes cannot see (a riding picked long after signing) reach the page
 * within a minute all the same, through that rule. Several workers may run it: an advisory lock per
 * campaign keeps them from computing the same one twice.
 */
export async function refreshDashboardSnapshots(
  opts: { olderThanSeconds?: number; snapshotFromRows?: number } = {},
): Promise<{ candidates: number; refreshed: number }> {
  const olderThan = opts.olderThanSeconds ?? DASHBOARD_REFRESH_AFTER_SECONDS;
  const from = opts.snapshotFromRows ?? DASHBOARD_SNAPSHOT_FROM_ROWS;
  const db = await getDb();
  const due = (await db.execute(sql`
    select s.campaign_id as id
    from campaign_stats s
    join campaigns c on c.id = s.campaign_id
    -- One read of the (large, compressed) figures for the three numbers the probes need.
    cross join lateral jsonb_to_record(s.figures) as f(version int, rows bigint, "lettersInFlight" bigint)
    cross join lateral (select s.computed_at - ${ACTIVITY_GRACE} as since) t
    where s.computed_at <= now() - make_interval(secs => ${olderThan})
      and (
        f.version is distinct from ${FIGURES_VERSION}
        or coalesce(f.rows, 0) >= ${from} and (
          -- max() over the (campaign_id, created_at) and (campaign_id, confirmed_at) indexes reads
          -- one index entry; "exists (… created_at > since)" was planned as a scan of every row of
          -- a campaign that has most of the table's, exactly when nothing matched.
          greatest(
            (select max(x.created_at) from signatures x where x.campaign_id = s.campaign_id),
            (select max(x.confirmed_at) from signatures x where x.campaign_id = s.campaign_id),
            (select max(a.at) from audit_log a where a.organization_id = c.organization_id)
          ) > t.since
          or exists (select 1 from signatures x where x.campaign_id = s.campaign_id and x.status = 'invalidated' and x.invalidated_at > t.since)
          or exists (
            select 1 from letters l where l.campaign_id = s.campaign_id and l.status in ('held', 'queued', 'sending')
              and greatest(l.created_at, l.held_at, l.queued_at, l.sending_at) > t.since)
          or (select count(*) from letters l where l.campaign_id = s.campaign_id and l.status in ('held', 'queued', 'sending'))
              is distinct from coalesce(f."lettersInFlight", -1)
        )
      )
    order by s.computed_at`)) as unknown as { rows: { id: string }[] };

  let refreshed = 0;
  for (const { id } of due.rows) {
    try {
      const done = await db.transaction(
        async (tx) => {
          // First statement: the lock, and the snapshot as this transaction sees it (another
          // worker may have just replaced it).
          const [claim] = (
            (await tx.execute(sql`
              select pg_try_advisory_xact_lock(${REFRESH_LOCK_NAMESPACE}, hashtext(${id})) as locked,
                     exists (select 1 from campaign_stats where campaign_id = ${id} and computed_at <= now() - make_interval(secs => ${olderThan})) as stale`)) as unknown as {
              rows: { locked: boolean; stale: boolean }[];
            }
          ).rows;
          if (!claim?.locked || !claim.stale) return false;
          const live = await computeFigures(tx, id);
          await upsertSnapshot(tx, id, live.computedAt, live.figures);
          return true;
        },
        { isolationLevel: "repeatable read" },
      );
      if (done) refreshed++;
    } catch (err) {
      // A snapshot replaced by a reader meanwhile (a serialization failure), a campaign deleted:
      // the next tick or read takes it from there.
      log.warn("dashboard.refresh_failed", { campaignId: id, error: err });
    }
  }
  return { candidates: due.rows.length, refreshed };
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
  /** Offices whose address bounced, with the letters of this campaign waiting for a corrected one. */
  bounced: { representativeId: string; mpName: string; count: number; bouncedAt: Date }[];
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
  await openRows(db, failedRows, ["supporterName"]);

  const deferredRows = await db
    .select({
      representativeId: letters.representativeId,
      mpName: representatives.name,
      n: sql<number>`count(*)::int`,
      // Over the cap, a letter joins the office's next day's digest (decision 0029), due then.
      resumesAt: sql<string>`coalesce(max(${letters.digestDueAt}), max((date_trunc('day', now() at time zone 'America/Toronto') at time zone 'America/Toronto') + interval '1 day' + interval '5 minutes'))`,
    })
    .from(letters)
    .innerJoin(representatives, eq(representatives.id, letters.representativeId))
    .where(and(eq(letters.campaignId, c.id), eq(letters.status, "queued"), like(letters.lastError, `${DAILY_CAP_REASON_PREFIX}%`)))
    .groupBy(letters.representativeId, representatives.name)
    .orderBy(desc(sql`count(*)`), asc(representatives.name));

  const bouncedRows = await db
    .select({ representativeId: letters.representativeId, mpName: representatives.name, n: sql<number>`count(*)::int`, bouncedAt: sql<string>`max(${letters.bouncedAt})` })
    .from(letters)
    .innerJoin(representatives, eq(representatives.id, letters.representativeId))
    .where(and(eq(letters.campaignId, c.id), eq(letters.status, "queued"), like(letters.lastError, "office address bounced%")))
    .groupBy(letters.representativeId, representatives.name)
    .orderBy(desc(sql`count(*)`), asc(representatives.name));

  return {
    dailyCap: env().LETTER_DAILY_CAP_PER_OFFICE,
    bounced: bouncedRows.map((r) => ({ representativeId: r.representativeId, mpName: r.mpName, count: r.n, bouncedAt: new Date(r.bouncedAt ?? Date.now()) })),
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
