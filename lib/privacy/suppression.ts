import { and, eq, sql } from "drizzle-orm";
import { signatures, suppressedEmails, supporters } from "@/db/schema";
import { getDb, type Db, type Tx } from "@/lib/server/db";
import { lookupHasher } from "./encryption";
import { canonicalEmail } from "@/lib/signing/sign";
import { erasedAddress } from "@/lib/signing/withdraw";

/**
 * The suppression list: addresses whose owners erased everything (decision 0023). Nothing is
 * mailed to them again. The list stores only a keyed hash of the canonical address, so a copy of
 * the database names nobody and cannot be checked against a list of guessed addresses without
 * the master key as well (the look-up key is wrapped by it, decision 0027).
 */

/**
 * The keyed hash of an address (as typed or stored, any variant: canonicalised first) under the
 * platform's look-up key (decision 0027): what `supporters.email_canonical` and this list hold.
 */
export async function addressHasher(q: Db | Tx): Promise<(email: string) => string> {
  const hash = await lookupHasher(q);
  return (email) => hash(canonicalEmail(email));
}

/** What withdrawal and retention leave in place of an address: never a place to send mail. */
export function isErasedPlaceholder(email: string): boolean {
  return /@erased\.invalid$/i.test(email.trim());
}

/** Whether the owner of this address (as typed or stored, any variant) erased their data. */
export async function isSuppressed(q: Db | Tx, email: string): Promise<boolean> {
  const hash = await addressHasher(q);
  const [row] = await q.select({ h: suppressedEmails.emailHash }).from(suppressedEmails).where(eq(suppressedEmails.emailHash, hash(email)));
  return Boolean(row);
}

/**
 * Whether a supporter email may go to this address: not a placeholder, not suppressed. Every
 * supporter-bound mail asks this at send time, in the worker.
 */
export async function maySendToSupporter(q: Db | Tx, email: string | null | undefined): Promise<boolean> {
  if (!email || isErasedPlaceholder(email)) return false;
  return !(await isSuppressed(q, email));
}

/** Adds address hashes (from `addressHasher`) to the list (idempotent), inside the erasing transaction. */
export async function suppressAddresses(tx: Tx, hashes: string[]): Promise<void> {
  const unique = [...new Set(hashes)];
  if (unique.length === 0) return;
  await tx.insert(suppressedEmails).values(unique.map((emailHash) => ({ emailHash }))).onConflictDoNothing();
}

/**
 * A signature made with a suppressed address, found by the worker about to mail it: nothing is
 * mailed, so it can never be confirmed (it never counts), and what was typed into it is dropped
 * now: name, address, postal code, comment, IP, consent; the supporter row keeps no address once
 * none of its signatures names anyone. Its status and its browser flow are left alone: the
 * signing browser's pages are built from the flow (decision 0014), so whoever typed the address
 * sees exactly what a new signer sees, and learns nothing about its past.
 */
export async function forgetSuppressedSignature(signatureId: string): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [s] = await tx
      .update(signatures)
      .set({ name: "", email: null, emailDomain: null, postalCode: null, comment: null, ip: null, consentToContact: false, consentAt: null, consentWordingVersion: null })
      .where(eq(signatures.id, signatureId))
      .returning({ supporterId: signatures.supporterId });
    if (!s) return;
    await tx
      .update(supporters)
      .set({ email: erasedAddress(s.supporterId), emailHash: erasedAddress(s.supporterId) })
      .where(
        and(
          eq(supporters.id, s.supporterId),
          sql`not exists (select 1 from ${signatures} where ${signatures.supporterId} = ${supporters.id} and ${signatures.name} <> '')`,
        ),
      );
  });
}
