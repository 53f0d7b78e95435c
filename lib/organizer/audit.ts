import { and, desc, eq, lt, sql } from "drizzle-orm";
import { may } from "./access";
import { messageFor, translator } from "@/lib/i18n";
import { z } from "zod";
import { auditLog, users } from "@/db/schema";
import { getDb, type Db, type Tx } from "@/lib/server/db";
import type { Actor } from "./organizations";

/** One row of the audit log: who did what to which thing, in which organization. */
export interface AuditEntry {
  organizationId: string | null;
  actorUserId: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  detail?: Record<string, unknown> | null;
}

/**
 * Writes audit rows, in the caller's transaction so a change and its record commit together (an
 * export, which changes nothing, passes the database handle). The only writer of the log.
 */
export async function recordAudit(q: Db | Tx, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const rows = Array.isArray(entries) ? entries : [entries];
  if (rows.length) await q.insert(auditLog).values(rows);
}

/**
 * The organization's audit log (exports, invalidations, member changes, publishing…), newest
 * first, for owners only. Pages are keyset-paginated on the row id (`before`), so a long log
 * costs the same on its hundredth page as on its first.
 */
export const AUDIT_PAGE_SIZE = 50;

export interface AuditRow {
  id: number;
  at: Date;
  action: string;
  /** The action in the reader's language; the code itself when no label exists (a newer action). */
  label: string;
  actorEmail: string | null;
  targetType: string | null;
  targetId: string | null;
  detail: Record<string, unknown> | null;
}

export const auditQuerySchema = z.object({
  action: z
    .string()
    .optional()
    .transform((s) => (s ?? "").trim())
    .pipe(z.union([z.literal(""), z.string().regex(/^[a-z_]+(\.[a-z_]+)*$/).max(60)]))
    .catch(""),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});
export type AuditQuery = z.input<typeof auditQuerySchema>;

export function actionLabel(locale: string, action: string): string {
  return messageFor(translator(locale), "organizer.members.auditActions", action);
}

/** One page of the log; `nextBefore` is the cursor of the following (older) page, or null. Null for non-owners. */
export async function listAuditLog(actor: Actor, query: AuditQuery, locale: string): Promise<{ rows: AuditRow[]; nextBefore: number | null } | null> {
  if (!may(actor, "audit.read")) return null;
  const q = auditQuerySchema.parse(query);
  const db = await getDb();
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      actorEmail: users.email,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(eq(auditLog.organizationId, actor.organizationId), q.action ? eq(auditLog.action, q.action) : undefined, q.before ? lt(auditLog.id, q.before) : undefined))
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1);
  const page = rows.slice(0, AUDIT_PAGE_SIZE).map((r) => ({ ...r, label: actionLabel(locale, r.action) }));
  return { rows: page, nextBefore: rows.length > AUDIT_PAGE_SIZE ? page[page.length - 1].id : null };
}

/** The actions this organization's log contains, for the filter's choices. Null for non-owners. */
export async function listAuditActions(actor: Actor): Promise<string[] | null> {
  if (!may(actor, "audit.read")) return null;
  const db = await getDb();
  const rows = await db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(eq(auditLog.organizationId, actor.organizationId))
    .groupBy(auditLog.action)
    .orderBy(sql`${auditLog.action}`);
  return rows.map((r) => r.action);
}
