import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import {
  campaignContent,
  campaigns,
  organizations,
  ridings,
  signatures,
  supporterUpdateContent,
  supporterUpdateDeliveries,
  supporterUpdates,
  type UpdateDeliveryStatus,
  type UpdateStatus,
} from "@/db/schema";
import { enqueueInTx, jobTransaction, QUEUES } from "@/lib/jobs/queue";
import { isMarkdownTooLong } from "@/lib/campaigns/markdown";
import { LOCALES, type Locale } from "@/lib/i18n/config";
import { may } from "@/lib/organizer/access";
import { recordAudit } from "@/lib/organizer/audit";
import type { Actor } from "@/lib/organizer/organizations";
import { getDb, type Db, type Tx } from "@/lib/server/db";
import { audienceWhere, signatureProvinceSql, type Audience } from "./audience";

/**
 * Updates to a campaign's supporters, as the organizer workspace sees them (decision 0032):
 * written in each of the campaign's languages, addressed to the consenting supporters (all, or
 * some provinces or ridings), tried on the writer's own mailbox, then sent through the queue
 * (./send.ts). Owners and editors only ("updates.send"); every query is scoped to the actor's
 * organization, so another organization's campaign or update does not exist here. A draft can
 * change; once sent, an update and its recipients are fixed.
 */

export const UPDATE_SUBJECT_MAX = 150;
export const UPDATE_BODY_MAX = 20_000;

const subject = z
  .string()
  .optional()
  .transform((s) => (s ?? "").replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").replace(/\s+/g, " ").trim())
  .pipe(z.string().max(UPDATE_SUBJECT_MAX, "subject.tooLong"));
const body = z
  .string()
  .optional()
  .transform((s) => (s ?? "").replace(/\r\n?/g, "\n").trim())
  .pipe(z.string().max(UPDATE_BODY_MAX, "body.tooLong").refine((s) => !isMarkdownTooLong(s), "body.tooLong"));

/** The writing form: a subject and a Markdown body per language (which ones are required depends on the campaign). */
export const updateContentSchema = z.object(
  Object.fromEntries(LOCALES.flatMap((l) => [[`subject_${l}`, subject], [`body_${l}`, body]])) as Record<`subject_${Locale}` | `body_${Locale}`, typeof subject>,
);
export type UpdateContentInput = z.output<typeof updateContentSchema>;
export const UPDATE_CONTENT_FIELDS = LOCALES.flatMap((l) => [`subject_${l}`, `body_${l}`]);

const provinceCode = z.string().regex(/^[A-Z]{2}$/);
const fedNum = z.string().regex(/^\d{5}$/);
/** The audience form: ticked provinces and chosen ridings (anything else is dropped, not an error). */
export const updateAudienceSchema = z.object({
  provinces: z.array(z.string()).transform((a) => [...new Set(a.filter((p) => provinceCode.safeParse(p).success))].slice(0, 20)),
  ridings: z.array(z.string()).transform((a) => [...new Set(a.filter((r) => fedNum.safeParse(r).success))].slice(0, 400)),
});

const uuid = z.uuid();

export interface UpdateCampaign {
  id: string;
  slug: string;
  title: string;
  /** The campaign's languages: an update is written in each. */
  locales: Locale[];
}

async function findCampaign(db: Db | Tx, actor: Actor, campaignId: string, locale: string): Promise<UpdateCampaign | null> {
  if (!uuid.safeParse(campaignId).success) return null;
  const [c] = await db
    .select({ id: campaigns.id, slug: campaigns.slug, locales: campaigns.locales })
    .from(campaigns)
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.organizationId, actor.organizationId)));
  if (!c) return null;
  const titles = await db.select({ locale: campaignContent.locale, title: campaignContent.title }).from(campaignContent).where(eq(campaignContent.campaignId, c.id));
  const title = (titles.find((t) => t.locale === locale) ?? titles.find((t) => t.locale === c.locales[0]) ?? titles[0])?.title ?? c.slug;
  const locales = c.locales.filter((l): l is Locale => (LOCALES as readonly string[]).includes(l));
  return { id: c.id, slug: c.slug, title, locales: locales.length ? locales : ["en"] };
}

export interface UpdateFigures {
  /** Fixed when sent. */
  recipients: number;
  sent: number;
  failed: number;
  /** Withdrawn, unsubscribed or erased between sending and their turn. */
  skipped: number;
  /** Still to go (queued or being sent). */
  waiting: number;
  /** Unsubscribed with this update's link. */
  unsubscribed: number;
}

export interface UpdateSummary {
  id: string;
  status: UpdateStatus;
  /** In the page's language when written in it, else the campaign's first. */
  subject: string;
  createdAt: Date;
  sendStartedAt: Date | null;
  finishedAt: Date | null;
  figures: UpdateFigures;
}

async function figuresOf(db: Db | Tx, ids: string[]): Promise<Map<string, UpdateFigures>> {
  const out = new Map<string, UpdateFigures>();
  if (ids.length === 0) return out;
  const rows = await db
    .select({
      updateId: supporterUpdateDeliveries.updateId,
      status: supporterUpdateDeliveries.status,
      n: count(),
      unsubscribed: sql<number>`count(${supporterUpdateDeliveries.unsubscribedAt})::int`,
    })
    .from(supporterUpdateDeliveries)
    .where(inArray(supporterUpdateDeliveries.updateId, ids))
    .groupBy(supporterUpdateDeliveries.updateId, supporterUpdateDeliveries.status);
  for (const id of ids) out.set(id, { recipients: 0, sent: 0, failed: 0, skipped: 0, waiting: 0, unsubscribed: 0 });
  const key: Record<UpdateDeliveryStatus, keyof UpdateFigures> = { queued: "waiting", sending: "waiting", sent: "sent", failed: "failed", skipped: "skipped" };
  for (const r of rows) {
    const f = out.get(r.updateId)!;
    f[key[r.status]] += Number(r.n);
    f.recipients += Number(r.n);
    f.unsubscribed += Number(r.unsubscribed);
  }
  return out;
}

function pickSubject(contents: { locale: string; subject: string }[], locale: string, campaign: UpdateCampaign): string {
  return (contents.find((c) => c.locale === locale) ?? contents.find((c) => c.locale === campaign.locales[0]) ?? contents[0])?.subject ?? "";
}

/** A campaign's updates, newest first, with their figures; null when the campaign is not the actor's. */
export async function listUpdates(actor: Actor, campaignId: string, locale: string): Promise<{ campaign: UpdateCampaign; updates: UpdateSummary[] } | null> {
  if (!may(actor, "updates.send")) return null;
  const db = await getDb();
  const campaign = await findCampaign(db, actor, campaignId, locale);
  if (!campaign) return null;
  const rows = await db
    .select({ id: supporterUpdates.id, status: supporterUpdates.status, createdAt: supporterUpdates.createdAt, sendStartedAt: supporterUpdates.sendStartedAt, finishedAt: supporterUpdates.finishedAt })
    .from(supporterUpdates)
    .where(and(eq(supporterUpdates.campaignId, campaign.id), eq(supporterUpdates.organizationId, actor.organizationId)))
    .orderBy(desc(supporterUpdates.createdAt))
    .limit(200);
  const ids = rows.map((r) => r.id);
  const contents = ids.length
    ? await db.select({ updateId: supporterUpdateContent.updateId, locale: supporterUpdateContent.locale, subject: supporterUpdateContent.subject }).from(supporterUpdateContent).where(inArray(supporterUpdateContent.updateId, ids))
    : [];
  const figures = await figuresOf(db, ids);
  return {
    campaign,
    updates: rows.map((r) => ({ ...r, subject: pickSubject(contents.filter((c) => c.updateId === r.id), locale, campaign), figures: figures.get(r.id)! })),
  };
}

export interface RidingChoice {
  fedNum: string;
  nameEn: string;
  nameFr: string;
  provinceCode: string;
  /** Supporters of this riding the update can reach. */
  reachable: number;
}

export interface UpdateDetail {
  id: string;
  status: UpdateStatus;
  campaign: UpdateCampaign;
  content: Partial<Record<Locale, { subject: string; body: string }>>;
  audience: Audience;
  /** How many supporters the update reaches now (a draft), or was sent to. */
  audienceSize: number;
  /** The ridings it can be narrowed to: those with reachable supporters, or already chosen. */
  ridingChoices: RidingChoice[];
  figures: UpdateFigures;
  testSentAt: Date | null;
  sendStartedAt: Date | null;
  finishedAt: Date | null;
  /** What CASL asks at the foot of each update, from the organization's settings. */
  sender: { name: string; contactEmail: string | null; mailingAddress: string | null; suspended: boolean };
  /** Languages of the campaign still missing a subject or a body. */
  missingLocales: Locale[];
}

async function loadUpdateRow(db: Db | Tx, actor: Actor, campaignId: string, updateId: string) {
  if (!uuid.safeParse(updateId).success || !uuid.safeParse(campaignId).success) return null;
  const [u] = await db
    .select()
    .from(supporterUpdates)
    .where(and(eq(supporterUpdates.id, updateId), eq(supporterUpdates.campaignId, campaignId), eq(supporterUpdates.organizationId, actor.organizationId)));
  return u ?? null;
}

/** One update with what its page shows; null when it is not the actor's organization's. */
export async function getUpdate(actor: Actor, campaignId: string, updateId: string, locale: string): Promise<UpdateDetail | null> {
  if (!may(actor, "updates.send")) return null;
  const db = await getDb();
  const campaign = await findCampaign(db, actor, campaignId, locale);
  const u = campaign ? await loadUpdateRow(db, actor, campaign.id, updateId) : null;
  if (!campaign || !u) return null;
  const contents = await db.select().from(supporterUpdateContent).where(eq(supporterUpdateContent.updateId, u.id));
  const content: UpdateDetail["content"] = {};
  for (const c of contents) if ((LOCALES as readonly string[]).includes(c.locale)) content[c.locale as Locale] = { subject: c.subject, body: c.body };
  const audience = { provinces: u.provinces, ridings: u.ridings };
  const figures = (await figuresOf(db, [u.id])).get(u.id)!;
  const [org] = await db
    .select({ name: organizations.name, contactEmail: organizations.contactEmail, mailingAddress: organizations.mailingAddress, suspendedAt: organizations.suspendedAt })
    .from(organizations)
    .where(eq(organizations.id, actor.organizationId));
  return {
    id: u.id,
    status: u.status,
    campaign,
    content,
    audience,
    audienceSize: u.status === "draft" ? await countAudience(db, campaign.id, audience) : u.recipients,
    ridingChoices: await ridingChoices(db, campaign.id, u.ridings),
    figures,
    testSentAt: u.testSentAt,
    sendStartedAt: u.sendStartedAt,
    finishedAt: u.finishedAt,
    sender: { name: org.name, contactEmail: org.contactEmail, mailingAddress: org.mailingAddress, suspended: org.suspendedAt !== null },
    missingLocales: campaign.locales.filter((l) => !content[l]?.subject || !content[l]?.body),
  };
}

async function countAudience(db: Db | Tx, campaignId: string, audience: Audience): Promise<number> {
  const [r] = await db.select({ n: count() }).from(signatures).where(audienceWhere(campaignId, audience));
  return Number(r?.n ?? 0);
}

/** Ridings with supporters the update can reach (or already chosen), by province then name. */
async function ridingChoices(db: Db | Tx, campaignId: string, chosen: string[]): Promise<RidingChoice[]> {
  const reachable = await db
    .select({ fedNum: signatures.ridingFedNum, n: count() })
    .from(signatures)
    .where(audienceWhere(campaignId, { provinces: [], ridings: [] }))
    .groupBy(signatures.ridingFedNum);
  const counts = new Map(reachable.filter((r) => r.fedNum).map((r) => [r.fedNum as string, Number(r.n)]));
  const nums = [...new Set([...counts.keys(), ...chosen])];
  if (nums.length === 0) return [];
  const rows = await db
    .select({ fedNum: ridings.fedNum, nameEn: ridings.nameEn, nameFr: ridings.nameFr, provinceCode: ridings.provinceCode })
    .from(ridings)
    .where(inArray(ridings.fedNum, nums))
    .orderBy(asc(ridings.provinceCode), asc(ridings.nameEn));
  return rows.map((r) => ({ ...r, reachable: counts.get(r.fedNum) ?? 0 }));
}

export type SaveUpdateResult =
  | { ok: true; id: string }
  | { ok: false; error: "not_found" | "forbidden" | "not_draft" }
  | { ok: false; error: "invalid"; errors: Record<string, string> };

/**
 * Saves a draft's text (a new draft when `updateId` is null). Every language of the campaign
 * needs a subject and a body: each recipient reads the one they signed in. Audited on creation.
 */
export async function saveUpdateContent(actor: Actor, campaignId: string, updateId: string | null, input: UpdateContentInput, locale: string): Promise<SaveUpdateResult> {
  if (!may(actor, "updates.send")) return { ok: false, error: "forbidden" };
  const db = await getDb();
  const campaign = await findCampaign(db, actor, campaignId, locale);
  if (!campaign) return { ok: false, error: "not_found" };
  const errors: Record<string, string> = {};
  for (const l of campaign.locales) {
    if (!input[`subject_${l}`]) errors[`subject_${l}`] = "subject.required";
    if (!input[`body_${l}`]) errors[`body_${l}`] = "body.required";
  }
  if (Object.keys(errors).length) return { ok: false, error: "invalid", errors };
  return db.transaction(async (tx): Promise<SaveUpdateResult> => {
    let id = updateId;
    if (id) {
      const u = await loadUpdateRow(tx, actor, campaign.id, id);
      if (!u) return { ok: false, error: "not_found" };
      const [locked] = await tx.select({ status: supporterUpdates.status }).from(supporterUpdates).where(eq(supporterUpdates.id, id)).for("update");
      if (locked.status !== "draft") return { ok: false, error: "not_draft" };
      await tx.update(supporterUpdates).set({ updatedAt: sql`now()` }).where(eq(supporterUpdates.id, id));
      await tx.delete(supporterUpdateContent).where(eq(supporterUpdateContent.updateId, id));
    } else {
      const [row] = await tx
        .insert(supporterUpdates)
        .values({ organizationId: actor.organizationId, campaignId: campaign.id, createdBy: actor.userId })
        .returning({ id: supporterUpdates.id });
      id = row.id;
      await recordAudit(tx, { organizationId: actor.organizationId, actorUserId: actor.userId, action: "update.create", targetType: "campaign", targetId: campaign.id, detail: { update: id } });
    }
    await tx.insert(supporterUpdateContent).values(campaign.locales.map((l) => ({ updateId: id, locale: l, subject: input[`subject_${l}`], body: input[`body_${l}`] })));
    return { ok: true, id };
  });
}

/** Narrows a draft's audience to provinces and ridings (none: every consenting supporter). */
export async function saveUpdateAudience(actor: Actor, campaignId: string, updateId: string, audience: Audience): Promise<{ ok: true } | { ok: false; error: "not_found" | "forbidden" | "not_draft" }> {
  if (!may(actor, "updates.send")) return { ok: false, error: "forbidden" };
  const db = await getDb();
  const u = await loadUpdateRow(db, actor, campaignId, updateId);
  if (!u) return { ok: false, error: "not_found" };
  const rows = await db
    .update(supporterUpdates)
    .set({ provinces: audience.provinces, ridings: audience.ridings, updatedAt: sql`now()` })
    .where(and(eq(supporterUpdates.id, u.id), eq(supporterUpdates.status, "draft")))
    .returning({ id: supporterUpdates.id });
  return rows.length ? { ok: true } : { ok: false, error: "not_draft" };
}

/**
 * Mails the update, in each of the campaign's languages, to the member asking (the address is
 * read by the worker from their account: nothing else can be typed in). Audited.
 */
export async function requestTestSend(actor: Actor, campaignId: string, updateId: string): Promise<{ ok: true } | { ok: false; error: "not_found" | "forbidden" | "incomplete" }> {
  if (!may(actor, "updates.send")) return { ok: false, error: "forbidden" };
  const detail = await getUpdate(actor, campaignId, updateId, "en");
  if (!detail) return { ok: false, error: "not_found" };
  if (detail.missingLocales.length) return { ok: false, error: "incomplete" };
  await jobTransaction(async (tx) => {
    await tx.update(supporterUpdates).set({ testSentAt: sql`now()` }).where(eq(supporterUpdates.id, detail.id));
    await enqueueInTx(tx, QUEUES.updateTestMail, { updateId: detail.id, userId: actor.userId });
    await recordAudit(tx, { organizationId: actor.organizationId, actorUserId: actor.userId, action: "update.test", targetType: "campaign", targetId: detail.campaign.id, detail: { update: detail.id } });
  });
  return { ok: true };
}

export type SendUpdateResult =
  | { ok: true; recipients: number }
  | { ok: false; error: "not_found" | "forbidden" | "not_draft" | "incomplete" | "sender" | "suspended" | "empty" };

/**
 * Sends a draft: its recipients are fixed now (the audience at this moment), the first batch is
 * queued, and the send is in the audit log with the audience and how many it reaches. The
 * organization's contact address and mailing address must be set (CASL).
 */
export async function sendUpdate(actor: Actor, campaignId: string, updateId: string): Promise<SendUpdateResult> {
  if (!may(actor, "updates.send")) return { ok: false, error: "forbidden" };
  const detail = await getUpdate(actor, campaignId, updateId, "en");
  if (!detail) return { ok: false, error: "not_found" };
  if (detail.missingLocales.length) return { ok: false, error: "incomplete" };
  if (!detail.sender.contactEmail || !detail.sender.mailingAddress) return { ok: false, error: "sender" };
  if (detail.sender.suspended) return { ok: false, error: "suspended" };
  return jobTransaction(async (tx): Promise<SendUpdateResult> => {
    const [u] = await tx
      .select({ status: supporterUpdates.status, provinces: supporterUpdates.provinces, ridings: supporterUpdates.ridings })
      .from(supporterUpdates)
      .where(eq(supporterUpdates.id, detail.id))
      .for("update");
    if (u.status !== "draft") return { ok: false, error: "not_draft" };
    const audience = { provinces: u.provinces, ridings: u.ridings };
    const inserted = (await tx.execute(sql`
      with added as (
        insert into ${supporterUpdateDeliveries} (update_id, signature_id)
        select ${detail.id}::uuid, ${signatures.id} from ${signatures} where ${audienceWhere(detail.campaign.id, audience)}
        on conflict do nothing
        returning 1
      )
      select count(*)::int as n from added`)) as unknown as { rows: { n: number }[] };
    const recipients = Number(inserted.rows[0]?.n ?? 0);
    if (recipients === 0) return { ok: false, error: "empty" };
    await tx
      .update(supporterUpdates)
      .set({ status: "sending", recipients, sentBy: actor.userId, sendStartedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(supporterUpdates.id, detail.id));
    await enqueueInTx(tx, QUEUES.updateBatch, { updateId: detail.id });
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: "update.send",
      targetType: "campaign",
      targetId: detail.campaign.id,
      detail: { update: detail.id, recipients, provinces: audience.provinces, ridings: audience.ridings },
    });
    return { ok: true, recipients };
  });
}

/** Province codes with supporters the update can reach, for the audience form's counts. */
export async function reachableByProvince(actor: Actor, campaignId: string): Promise<Map<string | null, number>> {
  if (!may(actor, "updates.send")) return new Map();
  const db = await getDb();
  const [c] = await db.select({ id: campaigns.id }).from(campaigns).where(and(eq(campaigns.id, campaignId), eq(campaigns.organizationId, actor.organizationId)));
  if (!c) return new Map();
  const rows = await db
    .select({ province: signatureProvinceSql, n: count() })
    .from(signatures)
    .where(audienceWhere(c.id, { provinces: [], ridings: [] }))
    .groupBy(signatureProvinceSql);
  return new Map(rows.map((r) => [r.province, Number(r.n)]));
}
