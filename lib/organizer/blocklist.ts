import { and, asc, desc, eq, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import { blocklist, users, type BlockKind } from "@/db/schema";
import { getDb } from "@/lib/server/db";
import { may } from "./access";
import { MIN_PREFIX, normalizeCidr } from "./cidr";
import type { Actor } from "./organizations";
import type { Db, Tx } from "@/lib/server/db";
import { recordAudit } from "./audit";

/**
 * An organization's block list: signatures from these IP ranges or email domains are silently
 * flagged on its campaigns (lib/server/rate-limit.ts). Owners and editors list, add and remove entries; every
 * change is audited in the same transaction. Platform-wide entries (no organization) are shown
 * read-only. Another organization's entry behaves like one that does not exist.
 */

function canManage(actor: Actor): boolean {
  return may(actor, "blocklist.manage");
}

export interface BlocklistEntry {
  id: string;
  kind: BlockKind;
  value: string;
  reason: string | null;
  createdAt: Date;
  createdByEmail: string | null;
  /** False for platform-wide entries: shown, not removable here. */
  own: boolean;
}

/** The actor's organization's entries, then the platform-wide ones; null: the actor may not see the list. */
export async function listBlocklist(actor: Actor): Promise<BlocklistEntry[] | null> {
  if (!canManage(actor)) return null;
  const db = await getDb();
  const rows = await db
    .select({
      id: blocklist.id,
      kind: blocklist.kind,
      value: blocklist.value,
      reason: blocklist.reason,
      createdAt: blocklist.createdAt,
      createdByEmail: users.email,
      organizationId: blocklist.organizationId,
    })
    .from(blocklist)
    .leftJoin(users, eq(users.id, blocklist.createdBy))
    .where(or(eq(blocklist.organizationId, actor.organizationId), isNull(blocklist.organizationId)))
    .orderBy(sql`${blocklist.organizationId} is null`, desc(blocklist.createdAt), asc(blocklist.value));
  return rows.map(({ organizationId, ...r }) => ({ ...r, own: organizationId !== null, createdByEmail: organizationId === null ? null : r.createdByEmail }));
}

const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/;

/** The add form: a kind, a value validated for that kind, an optional reason. Error messages are i18n codes. */
export const blockEntrySchema = z
  .object({
    kind: z.enum(["ip_range", "email_domain"], { message: "blocklist.kind.invalid" }),
    value: z.string().max(300, "blocklist.value.invalid"),
    reason: z
      .string()
      .optional()
      .transform((s) => (s ?? "").trim())
      .pipe(z.string().max(300, "blocklist.reason.tooLong")),
  })
  .transform((v, ctx) => {
    const raw = v.value.trim().toLowerCase();
    if (!raw) {
      ctx.addIssue({ code: "custom", path: ["value"], message: "blocklist.value.required" });
      return z.NEVER;
    }
    let value: string | null;
    if (v.kind === "ip_range") {
      value = normalizeCidr(raw);
      if (!value) {
        ctx.addIssue({ code: "custom", path: ["value"], message: "blocklist.ipRange.invalid" });
        return z.NEVER;
      }
      const family = value.includes(":") ? 6 : 4;
      if (Number(value.split("/")[1]) < MIN_PREFIX[family]) {
        ctx.addIssue({ code: "custom", path: ["value"], message: "blocklist.ipRange.tooWide" });
        return z.NEVER;
      }
    } else {
      value = raw.replace(/^@/, "");
      if (value.length > 253 || !DOMAIN.test(value)) {
        ctx.addIssue({ code: "custom", path: ["value"], message: "blocklist.emailDomain.invalid" });
        return z.NEVER;
      }
    }
    return { kind: v.kind, value, reason: v.reason || null };
  });

export type BlockEntryInput = z.input<typeof blockEntrySchema>;
export type BlockEntryData = z.output<typeof blockEntrySchema>;

export type AddBlockResult = { ok: true; id: string; value: string } | { ok: false; error: "forbidden" | "duplicate" };

/** Adds an entry to the actor's organization's list, with its audit row, in one transaction. */
export async function addBlockEntry(actor: Actor, entry: BlockEntryData): Promise<AddBlockResult> {
  if (!canManage(actor)) return { ok: false, error: "forbidden" };
  const db = await getDb();
  // PostgreSQL masks an IPv6 range's host bits (normalizeCidr already did it for IPv4), so the
  // stored value is the network, as inet <<= cidr comparisons expect.
  let value = entry.value;
  if (entry.kind === "ip_range") {
    const r = (await db.execute(sql`select network(${entry.value}::inet)::text as v`)) as unknown as { rows: { v: string }[] };
    value = r.rows[0].v;
  }
  const result = await db.transaction(async (tx): Promise<AddBlockResult> => {
    const [row] = await tx
      .insert(blocklist)
      .values({ organizationId: actor.organizationId, kind: entry.kind, value, reason: entry.reason, createdBy: actor.userId })
      .onConflictDoNothing()
      .returning({ id: blocklist.id });
    if (!row) return { ok: false, error: "duplicate" };
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: "blocklist.add",
      targetType: "blocklist",
      targetId: row.id,
      detail: { kind: entry.kind, value, reason: entry.reason },
    });
    return { ok: true, id: row.id, value };
  });
  return result;
}

export type RemoveBlockResult = { ok: true; kind: BlockKind; value: string } | { ok: false; error: "not_found" };

/**
 * Removes one of the actor's organization's entries. Platform-wide entries, another
 * organization's and unknown ids are all "not found", and nothing changes.
 */
export async function removeBlockEntry(actor: Actor, entryId: string): Promise<RemoveBlockResult> {
  if (!canManage(actor) || !z.uuid().safeParse(entryId).success) return { ok: false, error: "not_found" };
  const db = await getDb();
  const result = await db.transaction(async (tx): Promise<RemoveBlockResult> => {
    const [row] = await tx
      .delete(blocklist)
      .where(and(eq(blocklist.id, entryId), eq(blocklist.organizationId, actor.organizationId)))
      .returning({ id: blocklist.id, kind: blocklist.kind, value: blocklist.value });
    if (!row) return { ok: false, error: "not_found" };
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: "blocklist.remove",
      targetType: "blocklist",
      targetId: row.id,
      detail: { kind: row.kind, value: row.value },
    });
    return { ok: true, kind: row.kind, value: row.value };
  });
  return result;
}

/** Adds a block; the value is validated and normalised by PostgreSQL itself (CIDR) or lower-cased (domain). */
export async function addBlock(
  q: Tx | Db,
  entry: { organizationId: string | null; kind: BlockKind; value: string; reason?: string; createdBy?: string },
): Promise<void> {
  let value = entry.value.trim().toLowerCase();
  if (entry.kind === "ip_range") {
    const [r] = await q.select({ v: sql<string>`${value}::cidr::text` }).from(sql`(select 1) as one`);
    value = r.v;
  } else if (!/^[a-z0-9.-]+\.[a-z]{2,}$/.test(value)) {
    throw new Error("invalid email domain");
  }
  await q
    .insert(blocklist)
    .values({ organizationId: entry.organizationId, kind: entry.kind, value, reason: entry.reason ?? null, createdBy: entry.createdBy ?? null })
    .onConflictDoNothing();
}
