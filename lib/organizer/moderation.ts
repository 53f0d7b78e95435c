import { and, asc, count, eq, inArray, isNotNull, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { campaigns, ridings, signatures, supporters, type SignatureStatus } from "@/db/schema";
import { addBlock } from "./blocklist";
import { invalidateCount } from "@/lib/campaigns/count";
import { getDb, type Tx } from "@/lib/server/db";
import { cancelLettersForSignatures, queueApprovedLetters } from "@/lib/letters/lifecycle";
import type { Actor } from "./organizations";
import { may } from "./access";
import { MIN_PREFIX, normalizeCidr } from "./cidr";
import { enqueueInTx, jobTransaction, QUEUES } from "@/lib/jobs/queue";
import { recordAudit } from "./audit";

/**
 * Moderation of one campaign's signatures: the queue of silently flagged signatures, approving or
 * invalidating one, bulk invalidation by filter, and trending sources. Owners and editors only;
 * every query is scoped to the actor's organization, so another organization's campaign or
 * signature behaves like one that does not exist.
 */
function isModerator(actor: Actor): boolean {
  return may(actor, "signatures.moderate");
}

const uuid = z.uuid();

/** The campaign's id if it belongs to the actor's organization and the actor may moderate it. */
async function moderatedCampaignId(q: Tx | Awaited<ReturnType<typeof getDb>>, actor: Actor, campaignId: string): Promise<string | null> {
  if (!isModerator(actor) || !uuid.safeParse(campaignId).success) return null;
  const [c] = await q
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.organizationId, actor.organizationId)));
  return c?.id ?? null;
}

/* ------------------------------------------------------------------ flag queue */

/** Less personal data than the export: the email's domain only and the IP's network prefix. */
export interface FlaggedSignature {
  id: string;
  createdAt: Date;
  /** Whether the signer has confirmed their address (the confirmation is recorded while flagged). */
  emailConfirmed: boolean;
  flagReason: string | null;
  emailDomain: string;
  /** /24 for IPv4, /48 for IPv6; null when the address was unknown. */
  ipPrefix: string | null;
  ridingFedNum: string | null;
  ridingNameEn: string | null;
  ridingNameFr: string | null;
}

export const FLAG_QUEUE_PAGE = 100;

/** The domain is kept in clear for moderation; the address itself is sealed (decision 0027). */
const emailDomainSql = sql<string>`coalesce(${signatures.emailDomain}, '')`;
const ipPrefixSql = sql<string | null>`case when ${signatures.ip} is null then null else network(set_masklen(${signatures.ip}::inet, case when family(${signatures.ip}::inet) = 4 then 24 else 48 end))::text end`;

/**
 * One page (FLAG_QUEUE_PAGE long, 1-based) of a campaign's flagged signatures, oldest first, and
 * how many there are; null: no such campaign for this actor. A page past the end is empty.
 */
export async function getFlagQueue(actor: Actor, campaignId: string, page = 1): Promise<{ total: number; page: number; items: FlaggedSignature[] } | null> {
  const pageNumber = Number.isSafeInteger(page) && page >= 1 ? Math.min(page, 1_000_000) : 1;
  const db = await getDb();
  const id = await moderatedCampaignId(db, actor, campaignId);
  if (!id) return null;
  const where = and(eq(signatures.campaignId, id), eq(signatures.status, "flagged"));
  const [{ n }] = await db.select({ n: count() }).from(signatures).where(where);
  const items = await db
    .select({
      id: signatures.id,
      createdAt: signatures.createdAt,
      emailConfirmed: sql<boolean>`${signatures.confirmedAt} is not null`,
      flagReason: signatures.flagReason,
      emailDomain: emailDomainSql,
      ipPrefix: ipPrefixSql,
      ridingFedNum: signatures.ridingFedNum,
      ridingNameEn: ridings.nameEn,
      ridingNameFr: ridings.nameFr,
    })
    .from(signatures)
    .innerJoin(supporters, eq(supporters.id, signatures.supporterId))
    .leftJoin(ridings, eq(ridings.fedNum, signatures.ridingFedNum))
    .where(where)
    .orderBy(asc(signatures.createdAt), asc(signatures.id))
    .limit(FLAG_QUEUE_PAGE)
    .offset((pageNumber - 1) * FLAG_QUEUE_PAGE);
  return { total: n, page: pageNumber, items };
}

export type ModerationResult = { ok: true; status: SignatureStatus } | { ok: false; error: "not_found" };

/**
 * A moderator clears a flagged signature: it becomes confirmed if its signer already confirmed
 * the address (and the letters they approved are queued, in the same transaction), otherwise
 * pending, and its signer, who was mailed nothing while flagged, gets the confirmation email.
 */
export async function approveSignature(actor: Actor, campaignId: string, signatureId: string): Promise<ModerationResult> {
  if (!isModerator(actor) || !uuid.safeParse(signatureId).success || !uuid.safeParse(campaignId).success) return { ok: false, error: "not_found" };
  const result = await jobTransaction(async (tx): Promise<ModerationResult> => {
    const id = await moderatedCampaignId(tx, actor, campaignId);
    if (!id) return { ok: false, error: "not_found" };
    const [sig] = await tx
      .update(signatures)
      .set({ status: sql`case when ${signatures.confirmedAt} is not null then 'confirmed' else 'pending' end` })
      .where(and(eq(signatures.id, signatureId), eq(signatures.campaignId, id), eq(signatures.status, "flagged")))
      .returning({ id: signatures.id, status: signatures.status, flagReason: signatures.flagReason, emailsSent: signatures.confirmationEmailsSent });
    if (!sig) return { ok: false, error: "not_found" };
    // Letters its writer approved leave now; a signer who was flagged on signing was sent nothing
    // (silent flagging), so they get their confirmation email now.
    const released = sig.status === "confirmed" ? await queueApprovedLetters(tx, sig.id) : 0;
    if (sig.status === "pending" && sig.emailsSent === 0) await enqueueInTx(tx, QUEUES.confirmationMail, { signatureId: sig.id });
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: "signature.approve",
      targetType: "signature",
      targetId: sig.id,
      detail: { campaignId: id, status: sig.status, flagReason: sig.flagReason, lettersReleased: released },
    });
    return { ok: true, status: sig.status };
  });
  if (result.ok) invalidateCount(campaignId);
  return result;
}

/** A moderator invalidates one signature (flagged, pending or confirmed): it leaves the count and its letters are not sent. */
export async function invalidateSignature(actor: Actor, campaignId: string, signatureId: string): Promise<ModerationResult> {
  if (!isModerator(actor) || !uuid.safeParse(signatureId).success || !uuid.safeParse(campaignId).success) return { ok: false, error: "not_found" };
  const db = await getDb();
  const result = await db.transaction(async (tx): Promise<ModerationResult> => {
    const id = await moderatedCampaignId(tx, actor, campaignId);
    if (!id) return { ok: false, error: "not_found" };
    const [sig] = await tx
      .update(signatures)
      .set({ status: "invalidated", invalidatedAt: sql`now()` })
      .where(and(eq(signatures.id, signatureId), eq(signatures.campaignId, id), inArray(signatures.status, ["pending", "confirmed", "flagged"])))
      .returning({ id: signatures.id });
    if (!sig) return { ok: false, error: "not_found" };
    const cancelled = await cancelLettersForSignatures(tx, [sig.id]);
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: "signature.invalidate",
      targetType: "signature",
      targetId: sig.id,
      detail: { campaignId: id, lettersCancelled: cancelled },
    });
    return { ok: true, status: "invalidated" };
  });
  if (result.ok) invalidateCount(campaignId);
  return result;
}

/* ------------------------------------------------------------------ bulk invalidation */

const optionalText = z
  .string()
  .optional()
  .transform((s) => (s ?? "").trim());

/** Ottawa wall-clock time as typed in a datetime-local field ("2026-11-22T14:30"). */
const localDateTime = optionalText.pipe(z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, "moderation.time.invalid")]));

/** One schema for the filter, shared by preview and confirm (the same form fields carried over). */
export const invalidationFilterSchema = z
  .object({
    ipCidr: optionalText.pipe(z.string().max(50, "moderation.ipCidr.invalid")),
    emailDomain: optionalText
      .transform((s) => s.toLowerCase().replace(/^@/, ""))
      .pipe(z.union([z.literal(""), z.string().max(253).regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/, "moderation.emailDomain.invalid")])),
    from: localDateTime,
    to: localDateTime,
    ridingFedNum: optionalText.pipe(z.union([z.literal(""), z.string().regex(/^\d{5}$/, "moderation.riding.invalid")])),
    includeConfirmed: z
      .union([z.boolean(), z.string()])
      .optional()
      .transform((v) => v === true || v === "on" || v === "true"),
  })
  .transform((v, ctx) => {
    let ipCidr: string | null = null;
    if (v.ipCidr) {
      ipCidr = normalizeCidr(v.ipCidr);
      const family = ipCidr?.includes(":") ? 6 : 4;
      if (!ipCidr || Number(ipCidr.split("/")[1]) < MIN_PREFIX[family]) {
        ctx.addIssue({ code: "custom", path: ["ipCidr"], message: ipCidr ? "moderation.ipCidr.tooWide" : "moderation.ipCidr.invalid" });
        return z.NEVER;
      }
    }
    if (v.from && v.to && v.from > v.to) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "moderation.time.order" });
      return z.NEVER;
    }
    const filter = {
      ipCidr,
      emailDomain: v.emailDomain || null,
      from: v.from || null,
      to: v.to || null,
      ridingFedNum: v.ridingFedNum || null,
      includeConfirmed: v.includeConfirmed,
    };
    if (!filter.ipCidr && !filter.emailDomain && !filter.from && !filter.to && !filter.ridingFedNum) {
      // "Everything" is never a filter: a moderator must say what to remove.
      ctx.addIssue({ code: "custom", path: ["_form"], message: "moderation.filter.empty" });
      return z.NEVER;
    }
    return filter;
  });

export type InvalidationFilterInput = z.input<typeof invalidationFilterSchema>;
export type InvalidationFilter = z.output<typeof invalidationFilterSchema>;

export const TIME_ZONE = "America/Toronto";

/** The statuses a bulk invalidation touches: flagged and pending always, confirmed when asked. */
export function targetedStatuses(filter: InvalidationFilter): SignatureStatus[] {
  return filter.includeConfirmed ? ["flagged", "pending", "confirmed"] : ["flagged", "pending"];
}

/**
 * The one WHERE clause behind both the preview and the invalidation, so the count a moderator is
 * shown is the count of what is then done. Domains match themselves and their subdomains, like
 * the block list.
 */
function filterWhere(campaignId: string, filter: InvalidationFilter): SQL {
  const parts: (SQL | undefined)[] = [eq(signatures.campaignId, campaignId), inArray(signatures.status, targetedStatuses(filter))];
  if (filter.ipCidr) parts.push(isNotNull(signatures.ip), sql`${signatures.ip}::inet <<= ${filter.ipCidr}::inet`);
  if (filter.emailDomain) {
    parts.push(sql`(${emailDomainSql} = ${filter.emailDomain} or ${emailDomainSql} like ${`%.${filter.emailDomain}`})`);
  }
  if (filter.from) parts.push(sql`${signatures.createdAt} >= (${filter.from}::timestamp at time zone ${TIME_ZONE})`);
  if (filter.to) parts.push(sql`${signatures.createdAt} <= (${filter.to}::timestamp at time zone ${TIME_ZONE})`);
  if (filter.ridingFedNum) parts.push(eq(signatures.ridingFedNum, filter.ridingFedNum));
  return and(...parts) as SQL;
}

export type PreviewResult = { ok: true; count: number } | { ok: false; error: "not_found" };

/** How many signatures the filter would invalidate (shown before anything is done). */
export async function previewInvalidation(actor: Actor, campaignId: string, filter: InvalidationFilter): Promise<PreviewResult> {
  const db = await getDb();
  const id = await moderatedCampaignId(db, actor, campaignId);
  if (!id) return { ok: false, error: "not_found" };
  const [{ n }] = await db
    .select({ n: count() })
    .from(signatures)
    .innerJoin(supporters, eq(supporters.id, signatures.supporterId))
    .where(filterWhere(id, filter));
  return { ok: true, count: n };
}

export interface InvalidateOptions {
  /** The count the moderator was shown; if the filter now matches another number, nothing is done. */
  expectedCount: number;
  /** Also add the filter's IP range and/or email domain to the organization's block list. */
  block?: boolean;
}

export type InvalidateResult =
  | { ok: true; invalidated: number; lettersCancelled: number; blocked: string[] }
  | { ok: false; error: "not_found" }
  | { ok: false; error: "count_changed"; count: number };

/**
 * Invalidates every signature the filter matches, in one transaction: status and time, their
 * unsent letters cancelled, optional block-list entries and one audit row with the filter and the
 * count. Signatures already invalidated are left as they are.
 */
export async function invalidateByFilter(actor: Actor, campaignId: string, filter: InvalidationFilter, options: InvalidateOptions): Promise<InvalidateResult> {
  const db = await getDb();
  const result = await db.transaction(async (tx): Promise<InvalidateResult> => {
    const id = await moderatedCampaignId(tx, actor, campaignId);
    if (!id) return { ok: false, error: "not_found" };
    // Lock what the filter matches, then act on exactly those rows.
    const matched = await tx
      .select({ id: signatures.id })
      .from(signatures)
      .innerJoin(supporters, eq(supporters.id, signatures.supporterId))
      .where(filterWhere(id, filter))
      .for("update", { of: signatures });
    if (matched.length !== options.expectedCount) return { ok: false, error: "count_changed", count: matched.length };
    const ids = matched.map((r) => r.id);
    let lettersCancelled = 0;
    if (ids.length > 0) {
      await tx.update(signatures).set({ status: "invalidated", invalidatedAt: sql`now()` }).where(inArray(signatures.id, ids));
      lettersCancelled = await cancelLettersForSignatures(tx, ids);
    }
    const blocked: string[] = [];
    if (options.block) {
      const reason = `bulk invalidation by ${actor.userId}`;
      if (filter.ipCidr) {
        await addBlock(tx, { organizationId: actor.organizationId, kind: "ip_range", value: filter.ipCidr, reason, createdBy: actor.userId });
        blocked.push(filter.ipCidr);
      }
      if (filter.emailDomain) {
        await addBlock(tx, { organizationId: actor.organizationId, kind: "email_domain", value: filter.emailDomain, reason, createdBy: actor.userId });
        blocked.push(filter.emailDomain);
      }
    }
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: "signatures.invalidate",
      targetType: "campaign",
      targetId: id,
      detail: { filter, count: ids.length, lettersCancelled, blocked },
    });
    return { ok: true, invalidated: ids.length, lettersCancelled, blocked };
  });
  if (result.ok) invalidateCount(campaignId);
  // After the commit: a signature checked meanwhile could otherwise re-cache the old list.
  return result;
}

/* ------------------------------------------------------------------ trending */

/**
 * "Unusual" (decision 0007): in the last hour, on one campaign, at least TRENDING_MIN
 * confirmations from one IP or one email domain, and at least TRENDING_FACTOR times the median
 * source of its kind. Large webmail providers are never trending domains: everyone uses them.
 */
export const TRENDING_MIN = 20;
export const TRENDING_FACTOR = 5;
export const TRENDING_WINDOW_SECONDS = 3600;
export const COMMON_EMAIL_DOMAINS = [
  "gmail.com",
  "outlook.com",
  "hotmail.com",
  "hotmail.ca",
  "live.com",
  "live.ca",
  "msn.com",
  "yahoo.com",
  "yahoo.ca",
  "icloud.com",
  "me.com",
  "aol.com",
  "proton.me",
  "protonmail.com",
  "videotron.ca",
  "sympatico.ca",
  "bell.net",
  "rogers.com",
  "shaw.ca",
  "telus.net",
] as const;

export interface TrendingSource {
  kind: "ip" | "email_domain";
  value: string;
  confirmations: number;
  median: number;
}

/**
 * IPs and email domains with unusually many confirmations in the last hour on one campaign. One
 * query over the (campaign_id, confirmed_at) index. Null: no such campaign for this actor.
 * Viewers may ask (the dashboard shows them a count without the sources' values).
 */
export async function getTrendingSources(actor: Actor, campaignId: string): Promise<TrendingSource[] | null> {
  if (!uuid.safeParse(campaignId).success) return null;
  const db = await getDb();
  const [c] = await db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.organizationId, actor.organizationId)));
  if (!c) return null;
  const common = sql.join(
    COMMON_EMAIL_DOMAINS.map((d) => sql`${d}`),
    sql`, `,
  );
  const result = (await db.execute(sql`
    with recent as (
      select s.ip, coalesce(s.email_domain, '') as domain
      from ${signatures} s
      where s.campaign_id = ${c.id} and s.confirmed_at > now() - make_interval(secs => ${TRENDING_WINDOW_SECONDS})
    ),
    sources as (
      select 'ip' as kind, ip as value, count(*)::int as n from recent where ip is not null group by ip
      union all
      select 'email_domain', domain, count(*)::int from recent group by domain
    ),
    medians as (
      select kind, percentile_cont(0.5) within group (order by n) as median from sources group by kind
    )
    select s.kind, s.value, s.n, m.median
    from sources s join medians m on m.kind = s.kind
    where s.n >= ${TRENDING_MIN} and s.n >= ${TRENDING_FACTOR} * m.median
      and not (s.kind = 'email_domain' and s.value in (${common}))
    order by s.n desc, s.kind, s.value
    limit 20
  `)) as unknown as { rows: { kind: string; value: string; n: number; median: number | string }[] };
  return result.rows.map((r) => ({ kind: r.kind as TrendingSource["kind"], value: r.value, confirmations: Number(r.n), median: Number(r.median) }));
}

/** The ridings a campaign's signatures name, for the bulk filter's choices. Null: no such campaign for this actor. */
export async function listCampaignRidings(actor: Actor, campaignId: string): Promise<{ fedNum: string; nameEn: string; nameFr: string; signatures: number }[] | null> {
  const db = await getDb();
  const id = await moderatedCampaignId(db, actor, campaignId);
  if (!id) return null;
  return db
    .select({ fedNum: ridings.fedNum, nameEn: ridings.nameEn, nameFr: ridings.nameFr, signatures: count() })
    .from(signatures)
    .innerJoin(ridings, eq(ridings.fedNum, signatures.ridingFedNum))
    .where(eq(signatures.campaignId, id))
    .groupBy(ridings.fedNum, ridings.nameEn, ridings.nameFr)
    .orderBy(ridings.nameEn);
}

/** A flag reason as stored ("blocked:ip_range:203.0.113.0/24") split into its kind and value. */
export function parseFlagReason(reason: string | null): { kind: string; value: string } {
  if (!reason) return { kind: "other", value: "" };
  const m = /^(blocked:(?:email_domain|ip_range)):(.*)$/.exec(reason);
  if (m) return { kind: m[1], value: m[2] };
  return { kind: reason, value: reason };
}
