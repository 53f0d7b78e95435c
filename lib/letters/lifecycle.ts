import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import {
DELIVERED_LETTER_STATUSES,
UNSENT_LETTER_STATUSES,letterEvents,
letters,signatures,
type LetterStatus
} from "@/db/schema";
import { loadFlow } from "@/lib/signing/flow-store";
import { getDb, type Tx } from "@/lib/server/db";
import { enqueueInTx, jobTransaction, QUEUES } from "@/lib/jobs/queue";



export async function logEvent(tx: Tx, letterId: string, status: LetterStatus, detail?: string) {
  await tx.insert(letterEvents).values({ letterId, status, detail: detail ?? null });
}

export type SubmitResult = { ok: true; status: "held" | "queued" } | { ok: false; error: "letter.alreadySent" | "session.expired" };

/**
 * The writer presses "Send". From a proven flow the letter is approved by its writer and leaves
 * once the signature counts. From any other flow it is held, and its full text is mailed to the
 * address for approval (decision 0014): confirming the signature alone never sends it.
 */
export async function submitLetter(flowId: string, campaignId: string, letterId: string): Promise<SubmitResult> {
  return jobTransaction(async (tx): Promise<SubmitResult> => {
    const flow = await loadFlow(tx, flowId, { campaignId, forUpdate: true });
    if (!flow) return { ok: false, error: "session.expired" };
    const [row] = await tx
      .select({ status: letters.status })
      .from(letters)
      .where(and(eq(letters.id, letterId), eq(letters.flowId, flow.id)))
      .for("update");
    if (!row || row.status !== "draft") return { ok: false, error: "letter.alreadySent" };
    await tx
      .update(letters)
      .set({ status: "held", heldAt: sql`now()`, approvedAt: flow.proven ? sql`now()` : null })
      .where(eq(letters.id, letterId));
    if (!flow.proven) {
      await logEvent(tx, letterId, "held", "waiting for the address's owner to approve it");
      await enqueueInTx(tx, QUEUES.approvalMail, { letterId });
      return { ok: true, status: "held" };
    }
    await queueApprovedLetters(tx, flow.signatureId);
    const [after] = await tx.select({ status: letters.status }).from(letters).where(eq(letters.id, letterId));
    if (after.status === "cancelled") return { ok: false, error: "letter.alreadySent" };
    if (after.status === "held") await logEvent(tx, letterId, "held", "approved by its writer; waiting for the signature to count");
    return { ok: true, status: after.status === "queued" ? "queued" : "held" };
  });
}

async function queueLetter(tx: Tx, letterId: string) {
  await tx.update(letters).set({ status: "queued", queuedAt: sql`now()` }).where(eq(letters.id, letterId));
  await logEvent(tx, letterId, "queued");
  // A duplicate job for the same letter is harmless: deliverLetter's conditional claim skips it.
  await enqueueInTx(tx, QUEUES.letter, { letterId });
}

/** Someone who proved control of the address in this flow approves the letters it wrote. */
export async function approveFlowLetters(tx: Tx, flowId: string): Promise<void> {
  await tx
    .update(letters)
    .set({ approvedAt: sql`coalesce(${letters.approvedAt}, now())` })
    .where(and(eq(letters.flowId, flowId), eq(letters.status, "held")));
}

/** The address's owner approved this one held letter (its approve link). */
export async function approveLetterInTx(tx: Tx, letterId: string): Promise<void> {
  await tx.update(letters).set({ approvedAt: sql`coalesce(${letters.approvedAt}, now())` }).where(and(eq(letters.id, letterId), eq(letters.status, "held")));
}

/**
 * Held letters that someone with proof approved are queued once their signature counts (called
 * whenever either becomes true: a proof, an approval, a moderator's approval). One letter per
 * office per supporter: a second approved letter to an office that has one is cancelled.
 */
export async function queueApprovedLetters(tx: Tx, signatureId: string): Promise<number> {
  const [sig] = await tx.select({ status: signatures.status }).from(signatures).where(eq(signatures.id, signatureId));
  if (sig?.status !== "confirmed") return 0;
  const held = await tx
    .select({ id: letters.id, representativeId: letters.representativeId })
    .from(letters)
    .where(and(eq(letters.signatureId, signatureId), eq(letters.status, "held"), sql`${letters.approvedAt} is not null`))
    .orderBy(asc(letters.approvedAt))
    .for("update");
  let queued = 0;
  for (const l of held) {
    const [existing] = await tx
      .select({ id: letters.id })
      .from(letters)
      .where(and(eq(letters.signatureId, signatureId), eq(letters.representativeId, l.representativeId), inArray(letters.status, DELIVERED_LETTER_STATUSES)));
    if (existing) {
      await refuseLetterInTx(tx, l.id, "this supporter has already written to this office for this campaign");
      continue;
    }
    await queueLetter(tx, l.id);
    queued++;
  }
  return queued;
}

/** A held letter that will not be sent: refused by the address's owner, a duplicate, or expired. Its text goes. */
export async function refuseLetterInTx(tx: Tx, letterId: string, reason: string): Promise<boolean> {
  const rows = await tx
    .update(letters)
    .set({ status: "cancelled", subject: "", body: "", senderName: null, senderEmail: null, senderPostalCode: null })
    .where(and(eq(letters.id, letterId), inArray(letters.status, UNSENT_LETTER_STATUSES)))
    .returning({ id: letters.id });
  if (rows.length) await logEvent(tx, letterId, "cancelled", reason);
  return rows.length > 0;
}

/** How long a held letter waits for its approval before it is dropped, text and all. */
export const HELD_LETTER_DAYS = 7;

export async function expireHeldLetters(now = new Date()): Promise<number> {
  const db = await getDb();
  const cutoff = new Date(now.getTime() - HELD_LETTER_DAYS * 86_400_000);
  return db.transaction(async (tx) => {
    const stale = await tx
      .select({ id: letters.id })
      .from(letters)
      .where(and(eq(letters.status, "held"), lt(letters.heldAt, cutoff)));
    for (const l of stale) await refuseLetterInTx(tx, l.id, `not approved within ${HELD_LETTER_DAYS} days`);
    return stale.length;
  });
}

/** Letters of a signature whose signature has been invalidated leave the queue. */
export async function cancelLettersForSignatures(tx: Tx, signatureIds: string[]): Promise<number> {
  if (signatureIds.length === 0) return 0;
  const rows = await tx
    .update(letters)
    .set({ status: "cancelled" })
    .where(and(inArray(letters.signatureId, signatureIds), inArray(letters.status, ["draft", "held", "queued"])))
    .returning({ id: letters.id });
  for (const r of rows) await logEvent(tx, r.id, "cancelled", "signature invalidated");
  return rows.length;
}
