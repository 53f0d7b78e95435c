import { eq } from "drizzle-orm";
import {
signatures,type SignatureStatus
} from "@/db/schema";
import { invalidateCount } from "@/lib/campaigns/count";
import { getDb } from "@/lib/server/db";
import { confirmSignatureInTx, proveFlowInTx } from "./flows";
import { jobTransaction } from "@/lib/jobs/queue";
import { consumeToken, findValidToken, issueToken } from "./tokens";

export type ConfirmResult =
  | { ok: true; campaignId: string; status: SignatureStatus; flowId: string; lettersReleased: number; statusToken: string }
  | { ok: false; error: "token.invalid" };

/**
 * The button behind the emailed link: proves the browser holds the address. A pending signature
 * becomes confirmed; the browser's flow (or a new one) is proven, and the letters that flow wrote
 * leave. Letters written in other browsers still wait for their own approval.
 */
export async function confirmSignatureByToken(token: string, ctx: { flowId?: string | null; locale?: string } = {}): Promise<ConfirmResult> {
  const result = await jobTransaction(async (tx): Promise<ConfirmResult> => {
    const t = await findValidToken(tx, "confirm", token);
    if (!t || !(await consumeToken(tx, t.id))) return { ok: false, error: "token.invalid" };
    const sig = await confirmSignatureInTx(tx, t.signatureId);
    if (!sig) return { ok: false, error: "token.invalid" };
    const proven = await proveFlowInTx(tx, t.signatureId, ctx.flowId ?? null, ctx.locale ?? "en");
    // The browser that proved the address gets its own status link.
    const statusToken = (await issueToken(tx, "manage", t.signatureId)).token;
    return { ok: true, campaignId: sig.campaignId, status: sig.status, flowId: proven.flowId, lettersReleased: proven.lettersReleased, statusToken };
  });
  if (result.ok) invalidateCount(result.campaignId);
  return result;
}

/** Is a confirm link still usable, and for which campaign? (The GET page shows a button only; it never confirms.) */
export async function checkConfirmToken(token: string): Promise<{ campaignId: string; alreadyConfirmed: boolean } | null> {
  const db = await getDb();
  const t = await findValidToken(db, "confirm", token);
  if (!t) return null;
  const [s] = await db.select({ campaignId: signatures.campaignId, status: signatures.status }).from(signatures).where(eq(signatures.id, t.signatureId));
  return s ? { campaignId: s.campaignId, alreadyConfirmed: s.status === "confirmed" } : null;
}
