import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { letters, signatures, signingFlows, supporters, tokens } from "@/db/schema";
import { invalidateCount } from "@/lib/campaigns/count";
import { getDb, type Tx } from "@/lib/server/db";
import { cancelLettersForSignatures } from "@/lib/letters/lifecycle";
import { findValidToken } from "@/lib/signing/tokens";

/** What an erased signature keeps: only what the counts and the letters-per-MP table need. */
export const WITHDRAWN_REASON = "withdrawn_by_supporter";

/**
 * What an erased signature no longer holds: everything that names or reaches a person. It keeps
 * what the counts, the per-riding figures and the letters-per-MP table need (status, riding,
 * province, residency, times). Withdrawal, erasure and the retention period all apply this.
 */
export const ERASED_IDENTITY = {
  name: "",
  email: null,
  emailDomain: null,
  postalCode: null,
  comment: null,
  ip: null,
  consentToContact: false,
  consentAt: null,
  consentWordingVersion: null,
} as const;

export type WithdrawResult = { ok: true; campaignId: string } | { ok: false; error: "invalid_link" };

/** The address left in a supporter row whose owner is erased: unique (the row's constraints), never mailed. */
export function erasedAddress(supporterId: string): string {
  return `erased-${supporterId}@erased.invalid`;
}

/**
 * What withdrawal does to signatures, inside the caller's transaction (a withdrawal from a status
 * link, or a supporter erasing everything: decision 0023). Each signature leaves the count
 * (`invalidated`, reason withdrawn by the supporter); its name, address, postal code, comment,
 * IP and consent are erased; letters not yet sent are cancelled and every letter's text and
 * sender are blanked (delivered ones stay with the office, keeping only their state); every
 * browser flow on it goes, with what was typed there; every link of it stops working. The
 * riding and the times stay (decision 0011). Returns the campaigns whose counts changed.
 */
export async function eraseSignaturesInTx(tx: Tx, signatureIds: string[]): Promise<string[]> {
  if (signatureIds.length === 0) return [];
  const rows = await tx
    .select({ id: signatures.id, campaignId: signatures.campaignId })
    .from(signatures)
    .where(inArray(signatures.id, signatureIds))
    .for("update");
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  await cancelLettersForSignatures(tx, ids);
  await tx
    .update(letters)
    .set({ subject: "", body: "", senderName: null, senderEmail: null, senderPostalCode: null })
    .where(inArray(letters.signatureId, ids));
  await tx.delete(signingFlows).where(inArray(signingFlows.signatureId, ids));
  await tx
    .update(signatures)
    .set({
      status: "invalidated",
      flagReason: WITHDRAWN_REASON,
      invalidatedAt: sql`coalesce(${signatures.invalidatedAt}, now())`,
      ...ERASED_IDENTITY,
      unsubscribedAt: sql`coalesce(${signatures.unsubscribedAt}, now())`,
    })
    .where(inArray(signatures.id, ids));
  await tx.delete(tokens).where(inArray(tokens.signatureId, ids));
  return [...new Set(rows.map((r) => r.campaignId))];
}

/**
 * Withdraws the signature behind a status-page (manage) link and erases the supporter's details
 * (eraseSignaturesInTx). When the supporter has no other signature left, their address is erased
 * too.
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
    await eraseSignaturesInTx(tx, [s.id]);
    const [others] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(signatures)
      .where(and(eq(signatures.supporterId, s.supporterId), ne(signatures.id, s.id), sql`${signatures.flagReason} is distinct from ${WITHDRAWN_REASON}`));
    if ((others?.n ?? 0) === 0) {
      // The address is the last thing that names them. A unique placeholder keeps the row's constraints.
      const placeholder = erasedAddress(s.supporterId);
      await tx.update(supporters).set({ email: placeholder, emailHash: placeholder }).where(eq(supporters.id, s.supporterId));
    }
    return { campaignId: s.campaignId };
  });
  if (!result) return { ok: false, error: "invalid_link" };
  invalidateCount(result.campaignId);
  return { ok: true, campaignId: result.campaignId };
}
