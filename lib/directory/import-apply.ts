import { and, eq, inArray } from "drizzle-orm";
import { representatives } from "@/db/schema";
import { mayImportDirectory } from "@/lib/organizer/access";
import type { Actor } from "@/lib/organizer/organizations";
import { getDb, type Db } from "@/lib/server/db";
import { isUniqueViolation } from "@/lib/server/db-errors";
import { importAsOfSchema, parseImportCsv, type ImportError, type ParsedImport } from "./import-parse";
import { computeDiff, diffImport, type ImportDiff } from "./import-diff";
import { recordAudit } from "@/lib/organizer/audit";
import { getQueue } from "@/lib/jobs/queue";
import { releaseWaitingLetters } from "@/lib/offices/offices";

/*
 * Only owners of a platform-level organization may replace the MP data every campaign writes to:
 * mayImportDirectory (lib/organizer/access.ts), checked by both functions here.
 */

/** Preview for an owner: parse, validate and diff, or refuse. */
export async function previewImport(
  actor: Actor,
  text: string,
  asOf: string,
): Promise<{ ok: true; diff: ImportDiff } | { ok: false; error: "forbidden" } | { ok: false; error: "invalid"; errors: ImportError[] }> {
  if (!(await mayImportDirectory(actor))) return { ok: false, error: "forbidden" };
  const date = importAsOfSchema.safeParse(asOf);
  const parsed = await parseImportCsv(text);
  const errors = [...(date.success ? [] : [{ line: 0, code: "asOf.invalid" as const }]), ...(parsed.ok ? [] : parsed.errors)];
  if (!parsed.ok || !date.success) return { ok: false, error: "invalid", errors };
  return { ok: true, diff: await diffImport(parsed, date.data) };
}

export type ApplyResult =
  | { ok: true; added: number; changed: number; vacated: number; unchanged: number }
  | { ok: false; error: "forbidden" }
  | { ok: false; error: "invalid"; errors: ImportError[] }
  /** The directory changed since the preview: here is the diff as it is now. */
  | { ok: false; error: "stale"; diff: ImportDiff };

/**
 * Applies an import in one transaction, only if its diff is still the one the owner previewed
 * (expectedDiffHash). A new member makes the previous one history (current = false, the row and
 * the letters that name it stay); a vacancy only ends the current row; corrections update the row
 * in place. One audit row records the counts.
 */
export async function applyImport(actor: Actor, text: string, asOf: string, expectedDiffHash: string, source = "import"): Promise<ApplyResult> {
  const db = await getDb();
  if (!(await mayImportDirectory(actor, db))) return { ok: false, error: "forbidden" };
  const date = importAsOfSchema.safeParse(asOf);
  const parsed = await parseImportCsv(text);
  if (!parsed.ok || !date.success) {
    return { ok: false, error: "invalid", errors: [...(date.success ? [] : [{ line: 0, code: "asOf.invalid" as const }]), ...(parsed.ok ? [] : parsed.errors)] };
  }
  const src = `${source} (${new Date().toISOString().slice(0, 10)})`.slice(0, 200);
  try {
    return await applyInTransaction(db, actor, parsed, date.data, expectedDiffHash, src);
  } catch (err) {
    // Two owners filling the same vacant riding at once: there was no row to lock, so the second
    // insert meets the one-current-per-riding index. Show that owner the diff as it is now.
    if (isUniqueViolation(err)) return { ok: false, error: "stale", diff: await computeDiff(db, parsed, date.data, false) };
    throw err;
  }
}

async function applyInTransaction(db: Db, actor: Actor, parsed: ParsedImport, asOf: string, expectedDiffHash: string, src: string): Promise<ApplyResult> {
  // Letters waiting for these ridings' offices get send jobs in the same transaction.
  await getQueue();
  return db.transaction(async (tx) => {
    if (!(await mayImportDirectory(actor, tx))) return { ok: false, error: "forbidden" } as const;
    const diff = await computeDiff(tx, parsed, asOf, true);
    if (diff.hash !== expectedDiffHash) return { ok: false, error: "stale", diff } as const;
    const now = new Date();
    const ended = [...diff.vacated.map((v) => v.representativeId), ...diff.added.flatMap((a) => (a.replaces ? [a.replaces.id] : []))];
    if (ended.length) {
      await tx.update(representatives).set({ current: false, updatedAt: now }).where(and(inArray(representatives.id, ended), eq(representatives.current, true)));
    }
    if (diff.added.length) {
      await tx.insert(representatives).values(
        diff.added.map((a) => ({
          ridingFedNum: a.fedNum,
          name: a.values.name as string,
          firstName: a.values.firstName as string | null,
          lastName: a.values.lastName as string | null,
          party: a.values.party as string | null,
          email: a.values.email as string | null,
          photoUrl: a.values.photoUrl as string | null,
          honourable: a.values.honourable === true,
          current: true,
          asOf: diff.asOf,
          source: src,
        })),
      );
    }
    for (const c of diff.changed) {
      const set: Partial<typeof representatives.$inferInsert> = { asOf: diff.asOf, source: src, updatedAt: now };
      for (const x of c.changes) (set as Record<string, unknown>)[x.field] = x.to;
      await tx.update(representatives).set(set).where(eq(representatives.id, c.representativeId));
    }
    const counts = { added: diff.added.length, changed: diff.changed.length, vacated: diff.vacated.length, unchanged: diff.unchanged };
    // A new member or a corrected address: letters waiting there (a bounced address, a vacancy) go now.
    await releaseWaitingLetters(tx, [...diff.added, ...diff.changed].map((x) => x.fedNum));
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: "directory.import",
      targetType: "representatives",
      targetId: null,
      detail: { ...counts, asOf: diff.asOf, diffHash: diff.hash, ridings: [...diff.added, ...diff.changed, ...diff.vacated].map((x) => x.fedNum) },
    });
    return { ok: true, ...counts } as const;
  });
}
