import { and, desc, eq, inArray, isNotNull, lte, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { auditLog, campaigns, exportRequests, memberships, organizations, users, type ExportStatus } from "@/db/schema";
import { enqueueInTx, jobTransaction, QUEUES } from "@/lib/jobs/queue";
import { getDb, type Db, type Tx } from "@/lib/server/db";
import { may } from "./access";
import { recordAudit } from "./audit";
import { getCampaignForActor } from "./dashboard";
import { exportFilename, exportFilterSchema, exportIdLine, filterDetail, signaturesCsvStream, type ExportFilter } from "./exports";
import type { Actor } from "./organizations";

/**
 * Exports that wait for a second owner (decision 0025). When an organization requires it, an
 * owner or editor requests an export with its filter; the other owners are emailed; an owner who
 * is not the requester approves or refuses it; the requester then downloads it once, within
 * EXPORT_DOWNLOAD_HOURS of the approval. A request nobody decides expires after
 * EXPORT_REQUEST_DAYS. Each step is one conditional UPDATE (so two owners deciding at once, or
 * two downloads racing, cannot both win) and one audit row, in one transaction; every query is
 * scoped to the actor's organization.
 *
 * The request's filter is kept in its audit row's detail (`export.request`): `export_requests`
 * has no column for it, and the audit row is written in the same transaction as the request.
 */
export const EXPORT_REQUEST_DAYS = 7;
export const EXPORT_DOWNLOAD_HOURS = 24;

/** Request and campaign ids are UUIDs: anything else is looked up nowhere. */
const requestIdSchema = z.uuid();

/** Requests and approvals nobody used in time become `expired` (lazily, before each read or act; idempotent). */
export async function expireExportRequests(q: Db | Tx, organizationId?: string): Promise<number> {
  const rows = await q
    .update(exportRequests)
    .set({ status: "expired" })
    .where(
      and(
        inArray(exportRequests.status, ["requested", "approved"]),
        lte(exportRequests.expiresAt, sql`now()`),
        organizationId ? eq(exportRequests.organizationId, organizationId) : undefined,
      ),
    )
    .returning({ id: exportRequests.id });
  return rows.length;
}

/** The filter a request was made with, from its audit row; null if there is none in this organization. */
async function requestedFilter(q: Db | Tx, organizationId: string, requestId: string): Promise<ExportFilter | null> {
  const [row] = await q
    .select({ detail: auditLog.detail })
    .from(auditLog)
    .where(and(eq(auditLog.organizationId, organizationId), eq(auditLog.action, "export.request"), eq(auditLog.targetType, "export_request"), eq(auditLog.targetId, requestId)))
    .limit(1);
  const f = (row?.detail?.filter ?? null) as { status?: unknown; province?: unknown } | null;
  if (!f) return null;
  const parsed = exportFilterSchema.safeParse({ status: f.status, province: typeof f.province === "string" ? f.province : "" });
  return parsed.success ? parsed.data : null;
}

/** Whether the organization requires approval now; the row is share-locked until the caller's transaction ends. */
async function approvalRequired(tx: Tx, organizationId: string): Promise<boolean> {
  const [org] = await tx.select({ required: organizations.exportApprovalRequired }).from(organizations).where(eq(organizations.id, organizationId)).for("share");
  return org?.required === true;
}

export type RequestExportResult = { ok: true; requestId: string } | { ok: false; error: "not_found" | "forbidden" | "not_required" };

/**
 * An owner or editor asks for an export of one of the organization's campaigns. The other owners
 * are emailed (a job in the same transaction). Without approval required there is nothing to
 * request: `not_required` (the export is downloaded directly).
 */
export async function requestExport(actor: Actor, campaignId: string, filter: ExportFilter): Promise<RequestExportResult> {
  const campaign = await getCampaignForActor(actor, campaignId, "en");
  if (!campaign) return { ok: false, error: "not_found" };
  if (!may(actor, "signatures.export")) return { ok: false, error: "forbidden" };
  return jobTransaction(async (tx): Promise<RequestExportResult> => {
    if (!(await approvalRequired(tx, actor.organizationId))) return { ok: false, error: "not_required" };
    const [row] = await tx
      .insert(exportRequests)
      .values({
        organizationId: actor.organizationId,
        campaignId: campaign.id,
        status: "requested",
        requestedBy: actor.userId,
        expiresAt: sql`now() + ${`${EXPORT_REQUEST_DAYS} days`}::interval`,
      })
      .returning({ id: exportRequests.id });
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: "export.request",
      targetType: "export_request",
      targetId: row.id,
      detail: { campaignId: campaign.id, filter: filterDetail(filter) },
    });
    await enqueueInTx(tx, QUEUES.exportNoticeMail, { notice: "request", exportRequestId: row.id });
    return { ok: true, requestId: row.id };
  });
}

export type DecideExportResult = { ok: true } | { ok: false; error: "not_found" | "forbidden" | "own_request" | "not_pending" };

/**
 * An owner approves or refuses a request that is still waiting, never their own. An approval
 * gives the requester EXPORT_DOWNLOAD_HOURS to download it; the requester is emailed either way.
 */
export async function decideExportRequest(actor: Actor, requestId: string, decision: "approve" | "refuse"): Promise<DecideExportResult> {
  if (!may(actor, "exports.approve")) return { ok: false, error: "forbidden" };
  if (!requestIdSchema.safeParse(requestId).success) return { ok: false, error: "not_found" };
  const approve = decision === "approve";
  return jobTransaction(async (tx): Promise<DecideExportResult> => {
    await expireExportRequests(tx, actor.organizationId);
    const [row] = await tx
      .update(exportRequests)
      .set({
        status: approve ? "approved" : "refused",
        decidedBy: actor.userId,
        decidedAt: sql`now()`,
        ...(approve ? { expiresAt: sql`now() + ${`${EXPORT_DOWNLOAD_HOURS} hours`}::interval` } : {}),
      })
      .where(
        and(
          eq(exportRequests.id, requestId),
          eq(exportRequests.organizationId, actor.organizationId),
          eq(exportRequests.status, "requested"),
          sql`${exportRequests.expiresAt} > now()`,
          // A request whose requester's account is gone has nobody to download it.
          isNotNull(exportRequests.requestedBy),
          ne(exportRequests.requestedBy, actor.userId),
        ),
      )
      .returning({ id: exportRequests.id, campaignId: exportRequests.campaignId, requestedBy: exportRequests.requestedBy, expiresAt: exportRequests.expiresAt });
    if (!row) {
      const [r] = await tx
        .select({ requestedBy: exportRequests.requestedBy })
        .from(exportRequests)
        .where(and(eq(exportRequests.id, requestId), eq(exportRequests.organizationId, actor.organizationId)));
      if (!r) return { ok: false, error: "not_found" };
      return { ok: false, error: r.requestedBy === actor.userId ? "own_request" : "not_pending" };
    }
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: approve ? "export.approve" : "export.refuse",
      targetType: "export_request",
      targetId: row.id,
      detail: { campaignId: row.campaignId, requestedBy: row.requestedBy, ...(approve ? { downloadBefore: row.expiresAt.toISOString() } : {}) },
    });
    await enqueueInTx(tx, QUEUES.exportNoticeMail, { notice: "decided", exportRequestId: row.id });
    return { ok: true };
  });
}

export type DownloadExportResult =
  | { ok: true; stream: ReadableStream<Uint8Array>; filename: string; exportId: string }
  | { ok: false; error: "not_found" | "forbidden" | "pending" | "refused" | "expired" | "already_downloaded" };

/**
 * The requester downloads an approved export, once: the request is claimed (approved → downloaded)
 * and audited before the first byte, so a second attempt, or a race of two, gets
 * `already_downloaded`. A download that breaks off midway is spent too: the requester asks again.
 * The requester must still be allowed to export (a member made viewer since cannot).
 */
export async function downloadExportRequest(actor: Actor, requestId: string): Promise<DownloadExportResult> {
  if (!requestIdSchema.safeParse(requestId).success) return { ok: false, error: "not_found" };
  if (!may(actor, "signatures.export")) return { ok: false, error: "forbidden" };
  const db = await getDb();
  type Claim = Extract<DownloadExportResult, { ok: false }> | { ok: true; campaignId: string; campaignSlug: string; filter: ExportFilter; at: Date };
  const claimed = await db.transaction(async (tx): Promise<Claim> => {
    await expireExportRequests(tx, actor.organizationId);
    const [current] = await tx
      .select({ status: exportRequests.status, requestedBy: exportRequests.requestedBy })
      .from(exportRequests)
      .where(and(eq(exportRequests.id, requestId), eq(exportRequests.organizationId, actor.organizationId)));
    if (!current) return { ok: false, error: "not_found" };
    if (current.requestedBy !== actor.userId) return { ok: false, error: "forbidden" };
    const filter = await requestedFilter(tx, actor.organizationId, requestId);
    if (!filter) return { ok: false, error: "not_found" };
    const [row] = await tx
      .update(exportRequests)
      .set({ status: "downloaded", downloadedAt: sql`now()` })
      .where(
        and(
          eq(exportRequests.id, requestId),
          eq(exportRequests.organizationId, actor.organizationId),
          eq(exportRequests.requestedBy, actor.userId),
          eq(exportRequests.status, "approved"),
          sql`${exportRequests.expiresAt} > now()`,
        ),
      )
      .returning({ campaignId: exportRequests.campaignId, decidedBy: exportRequests.decidedBy, downloadedAt: exportRequests.downloadedAt });
    if (!row) {
      const s: ExportStatus = current.status;
      return { ok: false, error: s === "requested" ? "pending" : s === "refused" ? "refused" : s === "downloaded" ? "already_downloaded" : "expired" };
    }
    const [c] = await tx
      .select({ slug: campaigns.slug })
      .from(campaigns)
      .where(and(eq(campaigns.id, row.campaignId), eq(campaigns.organizationId, actor.organizationId)));
    if (!c) return { ok: false, error: "not_found" };
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: "signatures.export",
      targetType: "campaign",
      targetId: row.campaignId,
      detail: { exportId: requestId, filter: filterDetail(filter), approvedBy: row.decidedBy },
    });
    return { ok: true, campaignId: row.campaignId, campaignSlug: c.slug, filter, at: row.downloadedAt ?? new Date() };
  });
  if (!claimed.ok) return claimed;
  const idLine = exportIdLine({ exportId: requestId, organizationSlug: actor.organizationSlug, campaignSlug: claimed.campaignSlug, at: claimed.at });
  return {
    ok: true,
    stream: signaturesCsvStream(db, claimed.campaignId, claimed.filter, idLine),
    filename: exportFilename(claimed.campaignSlug, claimed.filter, claimed.at),
    exportId: requestId,
  };
}

/* ------------------------------------------------------------------ what the export page shows */

export interface ExportRequestRow {
  id: string;
  status: ExportStatus;
  requestedAt: Date;
  /** Requester's (or, for a direct export, downloader's) address; null for a removed account. */
  requestedBy: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  downloadedAt: Date | null;
  /** Until when it may be approved (requested) or downloaded (approved). */
  expiresAt: Date;
  filter: { status: string; province: string | null } | null;
  mine: boolean;
  /** This actor may approve or refuse it (an owner, not the requester, and it is waiting). */
  mayDecide: boolean;
  /** This actor may download it now (the requester, and it is approved). */
  mayDownload: boolean;
}

export interface ExportPanel {
  campaign: { id: string; slug: string; title: string };
  approvalRequired: boolean;
  /** Owners other than the actor: with approval required and none, nobody can approve the actor's requests. */
  otherOwners: number;
  mayApprove: boolean;
  requests: ExportRequestRow[];
}

/** Requests shown on a campaign's export page, newest first. */
export const EXPORT_PANEL_ROWS = 50;

/** The export page of one campaign: the organization's rule, and the campaign's export requests. Null for viewers and other organizations. */
export async function getExportPanel(actor: Actor, campaignId: string, locale: string): Promise<ExportPanel | null> {
  const campaign = await getCampaignForActor(actor, campaignId, locale);
  if (!campaign || !may(actor, "signatures.export")) return null;
  const db = await getDb();
  await expireExportRequests(db, actor.organizationId);
  const [org] = await db.select({ required: organizations.exportApprovalRequired }).from(organizations).where(eq(organizations.id, actor.organizationId));
  const [owners] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.organizationId, actor.organizationId), eq(memberships.role, "owner"), ne(memberships.userId, actor.userId)));
  const requester = alias(users, "requester");
  const decider = alias(users, "decider");
  // A direct export's filter is in its signatures.export row, a request's in its export.request row.
  const filter = sql<{ status: string; province: string | null } | null>`(
    select a.detail -> 'filter' from ${auditLog} a
    where a.organization_id = ${exportRequests.organizationId}
      and ((a.action = 'export.request' and a.target_id = ${exportRequests.id}::text)
        or (a.action = 'signatures.export' and a.detail ->> 'exportId' = ${exportRequests.id}::text))
    order by a.id limit 1)`;
  const rows = await db
    .select({
      id: exportRequests.id,
      status: exportRequests.status,
      requestedAt: exportRequests.requestedAt,
      requestedById: exportRequests.requestedBy,
      requestedBy: requester.email,
      decidedAt: exportRequests.decidedAt,
      decidedBy: decider.email,
      downloadedAt: exportRequests.downloadedAt,
      expiresAt: exportRequests.expiresAt,
      filter,
    })
    .from(exportRequests)
    .leftJoin(requester, eq(requester.id, exportRequests.requestedBy))
    .leftJoin(decider, eq(decider.id, exportRequests.decidedBy))
    .where(and(eq(exportRequests.organizationId, actor.organizationId), eq(exportRequests.campaignId, campaign.id)))
    .orderBy(desc(exportRequests.requestedAt), desc(exportRequests.id))
    .limit(EXPORT_PANEL_ROWS);
  const mayApprove = may(actor, "exports.approve");
  return {
    campaign: { id: campaign.id, slug: campaign.slug, title: campaign.title },
    approvalRequired: org?.required === true,
    otherOwners: owners?.n ?? 0,
    mayApprove,
    requests: rows.map(({ requestedById, ...r }) => {
      const mine = requestedById === actor.userId;
      return {
        ...r,
        mine,
        mayDecide: mayApprove && r.status === "requested" && requestedById !== null && !mine,
        mayDownload: mine && r.status === "approved",
      };
    }),
  };
}

/** What a campaign's dashboard says about exports: whether they need approval, and how many wait. Null for viewers. */
export async function getExportSummary(actor: Actor, campaignId: string): Promise<{ approvalRequired: boolean; waiting: number } | null> {
  if (!may(actor, "signatures.export") || !requestIdSchema.safeParse(campaignId).success) return null;
  const db = await getDb();
  const [org] = await db.select({ required: organizations.exportApprovalRequired }).from(organizations).where(eq(organizations.id, actor.organizationId));
  const [w] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(exportRequests)
    .where(
      and(
        eq(exportRequests.organizationId, actor.organizationId),
        eq(exportRequests.campaignId, campaignId),
        inArray(exportRequests.status, ["requested", "approved"]),
        sql`${exportRequests.expiresAt} > now()`,
      ),
    );
  return { approvalRequired: org?.required === true, waiting: w?.n ?? 0 };
}
