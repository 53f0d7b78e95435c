import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { SIGNATURE_STATUSES, ridings, signatures, supporters } from "@/db/schema";
import { signatureEmailSql } from "@/lib/signing/addresses";
import { csvRow } from "@/lib/server/csv";
import { getCampaignForActor, torontoDay } from "./dashboard";
import { getDb } from "@/lib/server/db";
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
  | { ok: true; stream: ReadableStream<Uint8Array>; filename: string }
  | { ok: false; error: "not_found" | "forbidden" };

/**
 * Signatures of one campaign as CSV, for owners and editors of its organization. Rows are read in
 * keyset-paginated batches (signing time, then id) as the client reads, so a million-row export
 * holds one batch in memory. Every cell goes through csvRow (formula neutralisation). Each export
 * writes an audit-log row (who, which campaign, which filter) before the first byte.
 */
export async function streamSignaturesCsv(actor: Actor, campaignId: string, filter: ExportFilter): Promise<ExportResult> {
  const campaign = await getCampaignForActor(actor, campaignId, "en");
  if (!campaign) return { ok: false, error: "not_found" };
  if (!may(actor, "signatures.export")) return { ok: false, error: "forbidden" };
  const db = await getDb();
  await recordAudit(db, {
    organizationId: actor.organizationId,
    actorUserId: actor.userId,
    action: "signatures.export",
    targetType: "campaign",
    targetId: campaign.id,
    detail: { filter: { status: filter.status, province: filter.province ?? null } },
  });

  const province = sql`coalesce(${ridings.provinceCode}, ${signatures.provinceCode})`;
  const conditions: SQL[] = [eq(signatures.campaignId, campaign.id)];
  if (filter.status !== "all") conditions.push(eq(signatures.status, filter.status));
  if (filter.province) conditions.push(sql`${province} = ${filter.province}`);

  // The cursor keeps created_at as text: a JS Date would drop PostgreSQL's microseconds and skip rows.
  let cursor: { at: string; id: string } | null = null;
  let done = false;
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      // A BOM so spreadsheet programs read accents (French names) as UTF-8.
      controller.enqueue(encoder.encode(`\uFEFF${csvRow([...EXPORT_COLUMNS])}`));
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
            // A supporter who withdrew is not named by the address either (it stays on file only for
            // their other signatures, with other organizations or campaigns).
            email: sql<string>`case when ${signatures.flagReason} = ${WITHDRAWN_REASON} then '' else ${signatureEmailSql} end`,
            postalCode: signatures.postalCode,
            riding: ridings.nameEn,
            province: sql<string | null>`${province}`,
            residency: signatures.residency,
            consent: signatures.consentToContact,
            unsubscribedAt: signatures.unsubscribedAt,
            comment: signatures.comment,
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
          const last = rows[rows.length - 1];
          cursor = { at: last.cursorAt, id: last.id };
          controller.enqueue(
            encoder.encode(
              rows
                .map((r) =>
                  csvRow([
                    r.createdAt,
                    r.status,
                    r.name,
                    r.email,
                    r.postalCode,
                    r.riding,
                    r.province,
                    r.residency,
                    r.consent && !r.unsubscribedAt ? "yes" : NO_CONSENT_MARK,
                    r.unsubscribedAt ? "yes" : "no",
                    r.comment,
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
  const date = torontoDay(new Date());
  // Only filename-safe characters reach the Content-Disposition header.
  const filename = `${campaign.slug}-signatures-${filter.status}-${date}.csv`.replace(/[^A-Za-z0-9._-]/g, "_");
  return { ok: true, stream, filename };
}
