import { eq } from "drizzle-orm";
import {
letters
} from "@/db/schema";
import { invalidateCount } from "@/lib/campaigns/count";
import { getDb } from "@/lib/server/db";
import { confirmSignatureInTx, proveFlowInTx } from "./flows";
import { approveLetterInTx, refuseLetterInTx } from "@/lib/letters/lifecycle";
import { buildLetterEmail, loadLetterEnvelope } from "@/lib/letters/deliver";
import type { OutgoingMail } from "@/lib/server/mail";
import { jobTransaction } from "@/lib/jobs/queue";
import { consumeToken, findValidToken, issueToken } from "./tokens";

/* ------------------------------------------------------------------ approving a letter from the mailbox */

export interface LetterForApproval {
  campaignId: string;
  representativeName: string;
  mail: OutgoingMail;
}

/** What an approve link shows: the held letter exactly as the office would receive it. */
export async function getLetterForApproval(token: string): Promise<LetterForApproval | null> {
  const db = await getDb();
  const t = await findValidToken(db, "approve", token);
  if (!t?.letterId) return null;
  const [l] = await db.select({ status: letters.status, campaignId: letters.campaignId }).from(letters).where(eq(letters.id, t.letterId));
  if (l?.status !== "held") return null;
  const envelope = await loadLetterEnvelope(t.letterId);
  if (!envelope) return null;
  return { campaignId: l.campaignId, representativeName: envelope.representativeName, mail: buildLetterEmail(envelope) };
}

export type ApproveResult =
  | { ok: true; outcome: "queued" | "waiting" | "alreadySent" | "refused"; campaignId: string; flowId: string | null; statusToken: string | null }
  | { ok: false; error: "token.invalid" };

/**
 * The address's owner, from the email that showed them a held letter in full, sends it or
 * refuses it. Sending confirms a pending signature too (the link proves the address); the
 * browser becomes a proven one, free to write more. Refusing erases the letter.
 */
export async function decideLetterByToken(token: string, decision: "send" | "refuse", ctx: { flowId?: string | null; locale?: string } = {}): Promise<ApproveResult> {
  const result = await jobTransaction(async (tx): Promise<ApproveResult> => {
    const t = await findValidToken(tx, "approve", token);
    if (!t?.letterId || !(await consumeToken(tx, t.id))) return { ok: false, error: "token.invalid" };
    const [l] = await tx.select({ status: letters.status, campaignId: letters.campaignId }).from(letters).where(eq(letters.id, t.letterId)).for("update");
    if (l?.status !== "held") return { ok: false, error: "token.invalid" };
    if (decision === "refuse") {
      await refuseLetterInTx(tx, t.letterId, "refused by the address's owner");
      return { ok: true, outcome: "refused", campaignId: l.campaignId, flowId: null, statusToken: null };
    }
    await confirmSignatureInTx(tx, t.signatureId);
    await approveLetterInTx(tx, t.letterId);
    const proven = await proveFlowInTx(tx, t.signatureId, ctx.flowId ?? null, ctx.locale ?? "en");
    const [after] = await tx.select({ status: letters.status }).from(letters).where(eq(letters.id, t.letterId));
    const outcome = after.status === "queued" ? "queued" : after.status === "cancelled" ? "alreadySent" : "waiting";
    const statusToken = (await issueToken(tx, "manage", t.signatureId)).token;
    return { ok: true, outcome, campaignId: l.campaignId, flowId: proven.flowId, statusToken };
  });
  if (result.ok) invalidateCount(result.campaignId);
  return result;
}
