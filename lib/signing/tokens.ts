import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { tokens, type TokenPurpose } from "@/db/schema";
import type { Db, Tx } from "@/lib/server/db";

/**
 * Random tokens for links in email (confirm, manage, unsubscribe, approve). Only a SHA-256 hash
 * is stored, so a database leak reveals no usable link. Confirm and approve tokens are single-use;
 * confirm tokens carry a 6-digit code for typing in, whose wrong guesses are counted against the
 * signature for its whole life (lib/signing/flows.ts), not per token.
 */
export const TOKEN_TTL_HOURS: Record<TokenPurpose, number> = {
  confirm: 48,
  manage: 24 * 180,
  unsubscribe: 24 * 365 * 2,
  approve: 24 * 7,
};

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function hashCode(tokenId: string, code: string): string {
  return createHash("sha256").update(`${tokenId}:${code}`).digest("hex");
}

export async function issueToken(
  tx: Tx | Db,
  purpose: TokenPurpose,
  signatureId: string,
): Promise<{ token: string; code?: string }> {
  return (await issueTokens(tx, [purpose], signatureId))[0];
}

/** Single-use purposes: a token of these works once. */
const SINGLE_USE: readonly TokenPurpose[] = ["confirm", "approve"];

/** Several tokens for one signature in one statement, in the order of `purposes`. */
export async function issueTokens(
  tx: Tx | Db,
  purposes: TokenPurpose[],
  signatureId: string,
  letterId?: string,
  /** The update an unsubscribe token is mailed in (its figures count the unsubscribe). */
  updateId?: string,
): Promise<{ token: string; code?: string }[]> {
  const issued = purposes.map((purpose) => {
    const token = randomBytes(32).toString("base64url");
    const id = crypto.randomUUID();
    const code = purpose === "confirm" ? String(randomInt(0, 1_000_000)).padStart(6, "0") : undefined;
    const row = {
      id,
      purpose,
      signatureId,
      tokenHash: hashToken(token),
      codeHash: code ? hashCode(id, code) : null,
      letterId: purpose === "approve" ? (letterId ?? null) : null,
      updateId: purpose === "unsubscribe" ? (updateId ?? null) : null,
      expiresAt: new Date(Date.now() + TOKEN_TTL_HOURS[purpose] * 3600_000),
    };
    return { row, out: { token, code } };
  });
  await tx.insert(tokens).values(issued.map((i) => i.row));
  return issued.map((i) => i.out);
}

export interface ValidToken {
  id: string;
  signatureId: string;
  purpose: TokenPurpose;
  letterId: string | null;
  updateId: string | null;
}

/** A token that exists, is unexpired and (for single-use purposes) unused. */
export async function findValidToken(tx: Tx | Db, purpose: TokenPurpose, token: string): Promise<ValidToken | null> {
  if (!token || token.length > 100) return null;
  const [row] = await tx
    .select({ id: tokens.id, signatureId: tokens.signatureId, purpose: tokens.purpose, letterId: tokens.letterId, updateId: tokens.updateId })
    .from(tokens)
    .where(
      and(
        eq(tokens.tokenHash, hashToken(token)),
        eq(tokens.purpose, purpose),
        gt(tokens.expiresAt, sql`now()`),
        SINGLE_USE.includes(purpose) ? isNull(tokens.usedAt) : undefined,
      ),
    );
  return row ?? null;
}

/** Marks a single-use token used; false if another request used it first. */
export async function consumeToken(tx: Tx, tokenId: string): Promise<boolean> {
  const rows = await tx
    .update(tokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(tokens.id, tokenId), isNull(tokens.usedAt)))
    .returning({ id: tokens.id });
  return rows.length === 1;
}

/** Checks a typed code against the signature's newest live confirm tokens (the caller counts failures). */
export async function matchConfirmCode(tx: Tx, signatureId: string, code: string): Promise<ValidToken | null> {
  const live = await tx
    .select({ id: tokens.id, codeHash: tokens.codeHash })
    .from(tokens)
    .where(and(eq(tokens.signatureId, signatureId), eq(tokens.purpose, "confirm"), isNull(tokens.usedAt), gt(tokens.expiresAt, sql`now()`)))
    .orderBy(desc(tokens.createdAt))
    .limit(5);
  let found: ValidToken | null = null;
  // Every candidate is compared, so the time taken does not say which one matched.
  for (const t of live) {
    if (!t.codeHash) continue;
    const a = Buffer.from(t.codeHash, "hex");
    const b = Buffer.from(hashCode(t.id, code), "hex");
    if (a.length === b.length && timingSafeEqual(a, b) && !found) found = { id: t.id, signatureId, purpose: "confirm", letterId: null, updateId: null };
  }
  return found;
}
