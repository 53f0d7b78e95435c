import { and, eq, ne, sql } from "drizzle-orm";
import { letters, signatures, signingFlows, supporters, tokens } from "@/db/schema";
import { invalidateCount } from "@/lib/campaigns/count";
import { getDb } from "@/lib/server/db";
import { cancelLettersForSignatures } from "@/lib/letters/lifecycle";
import { findValidToken } from "@/lib/signing/tokens";

/** What an erased signature keeps: only what the counts and the letters-per-MP table need. */
export const WITHDRAWN_REASON = "withdrawn_by_supporter";

export type WithdrawResult = { ok: true; campaignId: string } | { ok: false; error: "invalid_link" };

/**
 * Withdraws the signature behind a status-page (manage) link and erases the supporter's details:
 * name, postal code, comment, IP and unsent letters. The signature leaves the count; letters not
 * yet sent are cancelled; sent letters keep only their state (the office already has them). When
 * the supporter has no other signature left, their address is erased too. Every link of this
 * signature stops working.
 */
export async function withdrawSignature(manageToken: string): Promise<WithdrawResult> {
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const t = await findValidToken(tx, "manage", manageToken);
    if (!t) return null;
    const [s] = await tx
      .select({ id: signatures.id, campaignId: signatures.campaignId, supporterId: signatures.supporterId })
      .from(signatures)
      .where(eq(signatures.id, t.signatureId))
      .for("update");
    if (!s) return null;
    await cancelLettersForSignatures(tx, [s.id]);
    await tx
      .update(letters)
      .set({ subject: "", body: "", senderName: null, senderEmail: null, senderPostalCode: null })
      .where(eq(letters.signatureId, s.id));
    // Every browser's flow on this signature goes, with what was typed into it.
    await tx.delete(signingFlows).where(eq(signingFlows.signatureId, s.id));
    await tx
      .update(signatures)
      .set({
        status: "invalidated",
        flagReason: WITHDRAWN_REASON,
        invalidatedAt: sql`now()`,
        name: "",
        email: null,
        postalCode: null,
        comment: null,
        ip: null,
        consentToContact: false,
        consentAt: null,
        consentWordingVersion: null,
        unsubscribedAt: sql`coalesce(${signatures.unsubscribedAt}, now())`,
      })
      .where(eq(signatures.id, s.id));
    await tx.delete(tokens).where(eq(tokens.signatureId, s.id));
    const [others] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(signatures)
      .where(and(eq(signatures.supporterId, s.supporterId), ne(signatures.id, s.id), sql`${signatures.flagReason} is distinct from ${WITHDRAWN_REASON}`));
    if ((others?.n ?? 0) === 0) {
      // The address is the last thing that names them. A unique placeholder keeps the row's constraints.
      const placeholder = `erased-${s.supporterId}@erased.invalid`;
      await tx.update(supporters).set({ email: placeholder, emailCanonical: placeholder }).where(eq(supporters.id, s.supporterId));
    }
    return { campaignId: s.campaignId };
  });
  if (!result) return { ok: false, error: "invalid_link" };
  invalidateCount(result.campaignId);
  return { ok: true, campaignId: result.campaignId };
}
