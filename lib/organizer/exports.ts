import { openRows } from "@/lib/privacy/encryption";
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { SIGNATURE_STATUSES, campaigns, exportRequests, organizations, ridings, signatures, supporters } from "@/db/schema";
import { signatureEmailSql } from "@/lib/signing/addresses";
import { csvRow, parseCsv } from "@/lib/server/csv";
import { getCampaignForActor, torontoDay } from "./dashboard";
import { getDb, type Db } from "@/lib/server/db";
import { may } from "./access";
import type { Actor } from "./organizations";
import { WITHDRAWN_REASON } from "@/lib/signing/withdraw";
import { recordAudit } from "./audit";

/** Rows read per query: memory stays flat however large the campaign. */
export const EXPORT_BATCH_ROWS = 2_000;

export const EXPORT_COLUMNS = [
  "signed_at",
  "status",
  "name",
  "email",
  "postal_code",
  "riding",
  "province",
  "residency",
  "consent_to_contact",
  "unsubscribed",
  "comment",
  /** The `?src=` tag of the link the supporter signed from (a poster's QR code, a newsletter). */
  "source",
] as const;

/** What a supporter who may not be contacted shows in `consent_to_contact`: hard to miss in a spreadsheet. */
export const NO_CONSENT_MARK = "NO - do not contact";

/** One schema for the route's query string and for tests; an unknown value is an error, not "everything". */
export const exportFilterSchema = z.object({
  status: z.enum([...SIGNATURE_STATUSES, "all"]).default("confirmed"),
  province: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, "province.invalid")
    .optional()
    .or(z.literal("").transform(() => undefined)),
});
export type ExportFilter = z.output<typeof exportFilterSchema>;

export type ExportResult =
  | { ok: true; stream: ReadableStream<Uint8Array>; filename: string; exportId: string }
  | { ok: false; error: "not_found" | "forbidden" | "approval_required" };

/** The filter as it is recorded (audit detail) and read back for an approved request. */
export function filterDetail(filter: ExportFilter): { status: ExportFilter["status"]; province: string | null } {
  return { status: filter.status, province: filter.province ?? null };
}

/**
 * The first line of every export, before the column names: which export this file is, so a copy
 * found where it should not be leads back to one row of `export_requests` (who asked, who approved,
 * when it was downloaded). One cell with no comma, so a spreadsheet shows it in A1 and the columns
 * below keep their places; the `#` marks it as a comment for tools that skip such lines.
 */
export const EXPORT_ID_PREFIX = "# Constituent export ";

export function exportIdLine(p: { exportId: string; organizationSlug: string; campaignSlug: string; at: Date }): string {
  return `${EXPORT_ID_PREFIX}${p.exportId} · ${p.organizationSlug} · ${p.campaignSlug} · ${p.at.toISOString()}`;
}

/**
 * An export read back: its identifier, column names and rows as records. For tests, and for an
 * owner tracing a file (the identifier is what to look up in the audit log).
 */
export function readExportCsv(text: string): { exportId: string | null; idLine: string | null; header: string[]; records: Record<string, string>[] } {
  const [first, ...rest] = parseCsv(text);
  const hasIdLine = first?.length === 1 && first[0].startsWith(EXPORT_ID_PREFIX);
  const idLine = hasIdLine ? first[0] : null;
  const [header = [], ...rows] = hasIdLine ? rest : [first ?? [], ...rest];
  const exportId = idLine ? (/^# Constituent export ([0-9a-f-]{36}) /.exec(idLine)?.[1] ?? null) : null;
  return { exportId, idLine, header, records: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""]))) };
}

export function exportFilename(campaignSlug: string, filter: ExportFilter, at: Date): string {
  // Only filename-safe characters reach the Content-Disposition header.
  return `${campaignSlug}-signatures-${filter.status}-${torontoDay(at)}.csv`.replace(/[^A-Za-z0-9._-]/g, "_");
}

/**
 * Signatures of one campaign as CSV, for owners and editors of an organization that does not
 * require a second owner's approval (decision 0025; with approval, see export-requests.ts). The
 * export gets its row in `export_requests` (status downloaded) and an audit row naming who, which
 * campaign, which filter and the export's id, in one transaction, before the first byte; the id
 * is the file's first line.
 */
export async function streamSignaturesCsv(actor: Actor, campaignId: string, filter: ExportFilter): Promise<ExportResult> {
  const campaign = await getCampaignForActor(actor, campaignId, "en");
  if (!campaign) return { ok: false, error: "not_found" };
  if (!may(actor, "signatures.export")) return { ok: false, error: "forbidden" };
  const db = await getDb();
  const recorded = await db.transaction(async (tx) => {
    // A share lock: an owner turning approval on waits for this export to be recorded, and an
    // export started after that sees it on.
    const [org] = await tx
      .select({ approvalRequired: organizations.exportApprovalRequired })
      .from(organizations)
      .where(eq(organizations.id, actor.organizationId))
      .for("share");
    if (!org || org.approvalRequired) return null;
    const [row] = await tx
      .insert(exportRequests)
      .values({
        organizationId: actor.organizationId,
        campaignId: campaign.id,
        status: "downloaded",
        // Who downloaded it, so the row alone traces a file; nobody decided (no approval was needed).
        requestedBy: actor.userId,
        downloadedAt: sql`now()`,
        expiresAt: sql`now()`,
      })
      .returning({ id: exportRequests.id, at: exportRequests.requestedAt });
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: "signatures.export",
      targetType: "campaign",
      targetId: campaign.id,
      detail: { exportId: row.id, filter: filterDetail(filter) },
    });
    return row;
  });
  if (!recorded) return { ok: false, error: "approval_required" };
  const stream = signaturesCsvStream(db, campaign.id, filter, exportIdLine({ exportId: recorded.id, organizationSlug: actor.organizationSlug, campaignSlug: campaign.slug, at: recorded.at }));
  return { ok: true, stream, filename: exportFilename(campaign.slug, filter, recorded.at), exportId: recorded.id };
}

/**
 * The CSV itself, for an export already authorised and recorded. Rows are read in keyset-paginated
 * batches (signing time, then id) as the client reads, so a million-row export holds one batch in
 * memory. Every cell goes through csvRow (formula neutralisation). A deliver-then-delete campaign
 * promised its supporters that nothing naming them is kept: its export carries no name, address,
 * postal code or comment, only what the counts are made of (decision 0024).
 */
export function signaturesCsvStream(db: Db, campaignId: string, filter: ExportFilter, idLine: string): ReadableStream<Uint8Array> {
  const province = sql`coalesce(${ridings.provinceCode}, ${signatures.provinceCode})`;
  const conditions: SQL[] = [eq(signatures.campaignId, campaignId)];
  if (filter.status !== "all") conditions.push(eq(signatures.status, filter.status));
  if (filter.province) conditions.push(sql`${province} = ${filter.province}`);

  // The cursor keeps created_at as text: a JS Date would drop PostgreSQL's microseconds and skip rows.
  let cursor: { at: string; id: string } | null = null;
  let done = false;
  let anonymous = false;
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const [c] = await db.select({ deliverThenDelete: campaigns.deliverThenDelete }).from(campaigns).where(eq(campaigns.id, campaignId));
      anonymous = c?.deliverThenDelete ?? false;
      // A BOM so spreadsheet programs read accents (French names) as UTF-8, then the export's id line.
      controller.enqueue(encoder.encode(`\uFEFF${csvRow([idLine])}${csvRow([...EXPORT_COLUMNS])}`));
    },
    async pull(controller) {
      if (done) return;
      try {
        const rows = await db
          .select({
            cursorAt: sql<string>`${signatures.createdAt}::text`,
            id: signatures.id,
            createdAt: signatures.createdAt,
            status: signatures.status,
            name: signatures.name,
            // A supporter who withdrew, or whose signature was anonymised, is not named by the address
            // either (it stays on file only for their other signatures, elsewhere).
            email: sql<string>`case when ${signatures.flagReason} = ${WITHDRAWN_REASON} or ${signatures.name} = '' then '' else ${signatureEmailSql} end`,
            postalCode: signatures.postalCode,
            riding: ridings.nameEn,
            province: sql<string | null>`${province}`,
            residency: signatures.residency,
            consent: signatures.consentToContact,
            unsubscribedAt: signatures.unsubscribedAt,
            comment: signatures.comment,
            source: signatures.source,
          })
          .from(signatures)
          .innerJoin(supporters, eq(supporters.id, signatures.supporterId))
          .leftJoin(ridings, eq(ridings.fedNum, signatures.ridingFedNum))
          .where(
            and(
              ...conditions,
              // The plain bound lets the (campaign_id, created_at) index narrow the scan; the row
              // comparison breaks ties between signatures of the same microsecond.
              cursor ? sql`${signatures.createdAt} >= ${cursor.at}::timestamptz` : undefined,
              cursor ? sql`(${signatures.createdAt}, ${signatures.id}) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)` : undefined,
            ),
          )
          .orderBy(asc(signatures.createdAt), asc(signatures.id))
          .limit(EXPORT_BATCH_ROWS);
        if (rows.length > 0) {
          if (!anonymous) await openRows(db, rows, ["name", "email", "postalCode", "comment"]);
          const last = rows[rows.length - 1];
          cursor = { at: last.cursorAt, id: last.id };
          controller.enqueue(
            encoder.encode(
              rows
                .map((r) =>
                  csvRow([
                    r.createdAt,
                    r.status,
                    anonymous ? "" : r.name,
                    anonymous ? "" : r.email,
                    anonymous ? "" : r.postalCode,
                    r.riding,
                    r.province,
                    r.residency,
                    r.consent && !r.unsubscribedAt ? "yes" : NO_CONSENT_MARK,
                    r.unsubscribedAt ? "yes" : "no",
                    anonymous ? "" : r.comment,
                    r.source,
                  ]),
                )
                .join(""),
            ),
          );
        }
        if (rows.length < EXPORT_BATCH_ROWS) {
          done = true;
          controller.close();
        }
      } catch (err) {
        done = true;
        controller.error(err);
      }
    },
  });
}
