import { and, eq, inArray, isNotNull, isNull, lt, ne, sql, type SQL } from "drizzle-orm";
import { UNSENT_LETTER_STATUSES, campaigns, letters, organizations, signatures, signingFlows, supporters, tokens } from "@/db/schema";
import { invalidateCount } from "@/lib/campaigns/count";
import { enqueueInTx, jobTransaction, QUEUES } from "@/lib/jobs/queue";
import { recordAudit } from "@/lib/organizer/audit";
import { getDb, type Tx } from "@/lib/server/db";
import { ERASED_IDENTITY, WITHDRAWN_REASON } from "@/lib/signing/withdraw";

/**
 * Privacy by default. A signature on a campaign about a war reveals a political opinion, so a
 * supporter can withdraw it and have their details erased at any time from their status page,
 * and what we keep for abuse handling (IP addresses, letter text) expires on its own.
 */

/** How long a signature's IP address is kept for moderation (rate limits, bulk invalidation by range). */
export const IP_RETENTION_DAYS = 30;
/** How long the text of a delivered letter is kept (to answer "did my letter go out, and what did it say?"). */
export const SENT_LETTER_TEXT_RETENTION_DAYS = 30;

/**
 * Erases what is only kept for a while: IP addresses older than IP_RETENTION_DAYS and the text of
 * letters delivered more than SENT_LETTER_TEXT_RETENTION_DAYS ago. Idempotent; the worker runs it
 * hourly.
 */
export async function applyRetention(now = new Date()): Promise<{ ips: number; letterTexts: number }> {
  const db = await getDb();
  const ipCutoff = new Date(now.getTime() - IP_RETENTION_DAYS * 86_400_000);
  const letterCutoff = new Date(now.getTime() - SENT_LETTER_TEXT_RETENTION_DAYS * 86_400_000);
  const ips = await db
    .update(signatures)
    .set({ ip: null })
    .where(and(isNotNull(signatures.ip), lt(signatures.createdAt, ipCutoff)))
    .returning({ id: signatures.id });
  const texts = await db
    .update(letters)
    .set({ body: "", subject: "", senderName: null, senderEmail: null, senderPostalCode: null, lastError: null })
    .where(and(inArray(letters.status, ["sent", "failed", "cancelled"]), lt(sql`coalesce(${letters.sentAt}, ${letters.failedAt}, ${letters.createdAt})`, letterCutoff), ne(letters.body, "")))
    .returning({ id: letters.id });
  return { ips: ips.length, letterTexts: texts.length };
}

/* ------------------------------------------------------------------ anonymisation after a campaign ends */

/** Owners are told this long before a campaign's supporters are anonymised. */
export const RETENTION_WARNING_DAYS = 7;

/**
 * When a campaign's retention clock starts: the day it was closed, or its end date once passed.
 * A campaign still open has no clock.
 */
const endedAt = (at: SQL) => sql`coalesce(${campaigns.closedAt}, case when ${campaigns.endsAt} < ${at} then ${campaigns.endsAt} end)`;
/** The moment its supporters are anonymised: the organization's retention period after it ended. */
const dueAt = (at: SQL) => sql`(${endedAt(at)} + make_interval(months => ${organizations.retentionMonths}))`;
/** A clock as SQL: tests pass their own. */
const clock = (now: Date) => sql`${now.toISOString()}::timestamptz`;

/** A signature anonymised or erased after delivery (see ERASED_IDENTITY for what stays). */
const ANONYMOUS_SIGNATURE = {
  ...ERASED_IDENTITY,
  // A flag reason can name a small email domain ("blocked:email_domain:…"); a withdrawal's is kept.
  flagReason: sql`case when ${signatures.flagReason} = ${WITHDRAWN_REASON} then ${signatures.flagReason} end`,
};
const BLANK_LETTER = { subject: "", body: "", senderName: null, senderEmail: null, senderPostalCode: null, lastError: null } as const;

/**
 * Supporters whose every signature has been stripped of identity keep no address either: a unique
 * placeholder keeps the row's constraints (the same as a withdrawal's, decision 0011).
 */
async function eraseAddressesLeftWithoutIdentity(tx: Tx, supporterIds: SQL): Promise<number> {
  const rows = await tx
    .update(supporters)
    .set({ email: sql`'erased-' || ${supporters.id} || '@erased.invalid'`, emailHash: sql`'erased-' || ${supporters.id} || '@erased.invalid'` })
    .where(
      and(
        sql`${supporters.id} in (${supporterIds})`,
        sql`not exists (select 1 from ${signatures} where ${signatures.supporterId} = ${supporters.id} and ${signatures.name} <> '')`,
        sql`${supporters.email} not like 'erased-%@erased.invalid'`,
      ),
    )
    .returning({ id: supporters.id });
  return rows.length;
}

/**
 * Anonymises one campaign in one transaction: names, addresses, postal codes, comments, consent,
 * IPs and every letter's text and sender; the browser flows and every link of its signatures. Counts,
 * statuses, ridings and per-MP letter states stay. Unsent letters are cancelled (an ended campaign
 * sends nothing more).
 */
async function anonymiseCampaign(tx: Tx, campaignId: string, organizationId: string): Promise<number> {
  const ofCampaign = tx.select({ id: signatures.id }).from(signatures).where(eq(signatures.campaignId, campaignId));
  const supporterIds = sql`select ${signatures.supporterId} from ${signatures} where ${signatures.campaignId} = ${campaignId}`;
  await tx
    .update(letters)
    .set({ status: "cancelled" })
    .where(and(eq(letters.campaignId, campaignId), inArray(letters.status, [...UNSENT_LETTER_STATUSES, "queued"])));
  await tx.update(letters).set(BLANK_LETTER).where(eq(letters.campaignId, campaignId));
  await tx.delete(signingFlows).where(eq(signingFlows.campaignId, campaignId));
  await tx.delete(tokens).where(inArray(tokens.signatureId, ofCampaign));
  const anonymised = await tx.update(signatures).set(ANONYMOUS_SIGNATURE).where(eq(signatures.campaignId, campaignId)).returning({ id: signatures.id });
  await eraseAddressesLeftWithoutIdentity(tx, supporterIds);
  await tx.update(campaigns).set({ anonymisedAt: sql`now()` }).where(eq(campaigns.id, campaignId));
  await recordAudit(tx, { organizationId, actorUserId: null, action: "campaign.anonymise", targetType: "campaign", targetId: campaignId, detail: { signatures: anonymised.length } });
  return anonymised.length;
}

/**
 * The retention period at work: for every campaign that ended more than its organization's
 * `retentionMonths` ago, anonymise its supporters; for every campaign a week from that moment,
 * warn the organization's owners once by email (so they can export what they are allowed to).
 * `now` is the clock (tests pass their own). Idempotent; the maintenance job runs it hourly.
 */
export async function applyCampaignRetention(now = new Date(), only?: { campaignId: string }): Promise<{ warned: number; anonymised: number }> {
  const db = await getDb();
  // Tests move the clock for their own campaign only, never for the others sharing the database.
  const scope = only ? eq(campaigns.id, only.campaignId) : undefined;
  const nowSql = clock(now);
  const due = dueAt(nowSql);
  const warnFrom = sql`${due} - make_interval(days => ${RETENTION_WARNING_DAYS})`;
  const toWarn = await db
    .select({ id: campaigns.id, organizationId: campaigns.organizationId })
    .from(campaigns)
    .innerJoin(organizations, eq(organizations.id, campaigns.organizationId))
    .where(and(scope, isNull(campaigns.anonymisedAt), isNull(campaigns.retentionWarnedAt), sql`${warnFrom} <= ${nowSql}`, sql`${due} > ${nowSql}`));
  for (const c of toWarn) {
    await jobTransaction(async (tx) => {
      const [claimed] = await tx
        .update(campaigns)
        .set({ retentionWarnedAt: sql`now()` })
        .where(and(eq(campaigns.id, c.id), isNull(campaigns.retentionWarnedAt)))
        .returning({ id: campaigns.id });
      if (claimed) await enqueueInTx(tx, QUEUES.retentionWarningMail, { campaignId: c.id });
    });
  }
  const expired = await db
    .select({ id: campaigns.id, organizationId: campaigns.organizationId })
    .from(campaigns)
    .innerJoin(organizations, eq(organizations.id, campaigns.organizationId))
    .where(and(scope, isNull(campaigns.anonymisedAt), sql`${due} <= ${nowSql}`));
  let anonymised = 0;
  for (const c of expired) {
    await db.transaction((tx) => anonymiseCampaign(tx, c.id, c.organizationId));
    invalidateCount(c.id);
    anonymised++;
  }
  return { warned: toWarn.length, anonymised };
}

/** When a campaign's supporters are (or will be) anonymised; null while it has not ended. */
export async function getAnonymisationDate(campaignId: string, now = new Date()): Promise<Date | null> {
  const db = await getDb();
  const [row] = await db
    .select({ at: sql<string | null>`${dueAt(clock(now))}` })
    .from(campaigns)
    .innerJoin(organizations, eq(organizations.id, campaigns.organizationId))
    .where(eq(campaigns.id, campaignId));
  return row?.at ? new Date(row.at) : null;
}

/* ------------------------------------------------------------------ deliver-then-delete */

/**
 * In a deliver-then-delete campaign, the moment the office has a letter its text and sender are
 * erased, and so is the identity of the signature that wrote it (name, address, postal code,
 * comment, consent); its browser flows go too. Runs in the transaction that records the letter as
 * sent, so there is no moment where a sent letter's text is kept. Returns whether it applied.
 */
export async function eraseAfterDelivery(tx: Tx, letterId: string): Promise<boolean> {
  const [l] = await tx
    .select({ signatureId: letters.signatureId, supporterId: signatures.supporterId })
    .from(letters)
    .innerJoin(campaigns, eq(campaigns.id, letters.campaignId))
    .innerJoin(signatures, eq(signatures.id, letters.signatureId))
    .where(and(eq(letters.id, letterId), eq(letters.status, "sent"), eq(campaigns.deliverThenDelete, true)));
  if (!l) return false;
  await tx.update(letters).set(BLANK_LETTER).where(eq(letters.id, letterId));
  // Drafts and held letters of this signature (to other offices) lose their browser flow below and
  // could never be sent: they go, with the identity they carry. Queued ones keep their own sender
  // until their own delivery.
  await tx
    .update(letters)
    .set({ ...BLANK_LETTER, status: "cancelled" })
    .where(and(eq(letters.signatureId, l.signatureId), inArray(letters.status, [...UNSENT_LETTER_STATUSES])));
  await tx.delete(signingFlows).where(eq(signingFlows.signatureId, l.signatureId));
  await tx.update(signatures).set(ANONYMOUS_SIGNATURE).where(eq(signatures.id, l.signatureId));
  await eraseAddressesLeftWithoutIdentity(tx, sql`select ${l.supporterId}::uuid`);
  return true;
}

/* ------------------------------------------------------------------ what an organizer is told */

export interface RetentionStatus {
  /** The organization's period, in months after a campaign ends. */
  months: number;
  /** When the supporters' identities go (null while the campaign is open). */
  dueAt: Date | null;
  anonymisedAt: Date | null;
  deliverThenDelete: boolean;
}

/** A campaign's retention, for its own organization's dashboard (null for any other organization). */
export async function getRetentionStatus(organizationId: string, campaignId: string): Promise<RetentionStatus | null> {
  const db = await getDb();
  const [row] = await db
    .select({
      months: organizations.retentionMonths,
      dueAt: sql<string | null>`${dueAt(sql`now()`)}`,
      anonymisedAt: campaigns.anonymisedAt,
      deliverThenDelete: campaigns.deliverThenDelete,
    })
    .from(campaigns)
    .innerJoin(organizations, eq(organizations.id, campaigns.organizationId))
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.organizationId, organizationId)));
  if (!row) return null;
  return { months: row.months, dueAt: row.dueAt ? new Date(row.dueAt) : null, anonymisedAt: row.anonymisedAt, deliverThenDelete: row.deliverThenDelete };
}
