import { randomBytes } from "node:crypto";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import {
  campaignContent,
  campaigns,
  letters,
  organizations,
  representatives,
  ridings,
  signatures,
  signingFlows,
  supporterAccessTokens,
  supporters,
  supporterUpdateContent,
  supporterUpdateDeliveries,
  type LetterStatus,
  type Residency,
  type SignatureStatus,
  type UpdateDeliveryStatus,
} from "@/db/schema";
import { invalidateCount } from "@/lib/campaigns/count";
import { plainText } from "@/lib/campaigns/markdown";
import { getDb, type Db, type Tx } from "@/lib/server/db";
import { findValidToken, hashToken } from "@/lib/signing/tokens";
import { erasedAddress, eraseSignaturesInTx } from "@/lib/signing/withdraw";
import { addressHasher, isErasedPlaceholder, suppressAddresses } from "./suppression";
import { openRow, openRows } from "./encryption";

/**
 * Everything held about one supporter (one canonical address), for whoever proved control of
 * that address: an access link mailed to it (lib/privacy/data-request.ts) or a status link from
 * one of our emails. They may read it, download it and erase it (decision 0023).
 */

/** An access link works for an hour, as many times as needed, until its supporter erases. */
export const ACCESS_LINK_MINUTES = 60;

/* ------------------------------------------------------------------ access links */

/** A new access link's token for a supporter; only its SHA-256 is stored. */
export async function issueAccessToken(q: Db | Tx, supporterId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + ACCESS_LINK_MINUTES * 60_000);
  await q.insert(supporterAccessTokens).values({ supporterId, tokenHash: hashToken(token), expiresAt });
  return { token, expiresAt };
}

async function findAccessToken(q: Db | Tx, token: string): Promise<{ supporterId: string; expiresAt: Date } | null> {
  if (!token || token.length > 100) return null;
  const [row] = await q
    .select({ supporterId: supporterAccessTokens.supporterId, expiresAt: supporterAccessTokens.expiresAt })
    .from(supporterAccessTokens)
    .where(and(eq(supporterAccessTokens.tokenHash, hashToken(token)), gt(supporterAccessTokens.expiresAt, sql`now()`)));
  return row ?? null;
}

/** When an access link stops working, or null if it does not (the page behind it shows its button, or says so). */
export async function checkAccessToken(token: string): Promise<Date | null> {
  return (await findAccessToken(await getDb(), token))?.expiresAt ?? null;
}

/**
 * From a status page: holding a manage link proves the address as well as an access link does
 * (it came from the same mailbox), so the server mints an access link for the supporter behind
 * it. The manage token itself goes nowhere new. Null for an invalid or spent link.
 */
export async function accessFromManageToken(manageToken: string): Promise<string | null> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const t = await findValidToken(tx, "manage", manageToken);
    if (!t) return null;
    const [s] = await tx
      .select({ supporterId: signatures.supporterId, email: supporters.email })
      .from(signatures)
      .innerJoin(supporters, eq(supporters.id, signatures.supporterId))
      .where(eq(signatures.id, t.signatureId));
    if (!s || isErasedPlaceholder(s.email)) return null;
    return (await issueAccessToken(tx, s.supporterId)).token;
  });
}

/* ------------------------------------------------------------------ reading */

export interface HeldLetter {
  representative: string;
  riding: string | null;
  subject: string;
  body: string;
  status: LetterStatus;
  createdAt: string;
  heldAt: string | null;
  queuedAt: string | null;
  sentAt: string | null;
  failedAt: string | null;
}

/**
 * An organization's update addressed to this signature (decision 0032): which one, and what became
 * of it. The update's text is the organization's, not the supporter's; its subject says which.
 */
export interface HeldUpdate {
  /** In the language the supporter signed in, else the update's first. */
  subject: string;
  status: UpdateDeliveryStatus;
  sentAt: string | null;
  /** When the supporter unsubscribed through this update's own link. */
  unsubscribedAt: string | null;
}

/** What one browser typed on a signing page, kept six hours (decision 0014). */
export interface HeldSigningSession {
  name: string;
  email: string;
  postalCode: string | null;
  createdAt: string;
  expiresAt: string;
}

export interface HeldSignature {
  campaignTitle: string;
  campaignSlug: string;
  organization: string;
  status: SignatureStatus;
  signedAt: string;
  confirmedAt: string | null;
  invalidatedAt: string | null;
  name: string;
  /** The address as typed for this signature (null once erased, or on rows older than that column). */
  email: string | null;
  postalCode: string | null;
  ridingFedNum: string | null;
  riding: string | null;
  province: string | null;
  residency: Residency;
  comment: string | null;
  language: string;
  consentToContact: boolean;
  /** The `?src=` tag of the link signed from (a poster, a newsletter), or null. */
  source: string | null;
  consentAt: string | null;
  consentWordingVersion: string | null;
  unsubscribedAt: string | null;
  letters: HeldLetter[];
  /** Updates from the organization sent, being sent, or skipped to this signature's address. */
  updates: HeldUpdate[];
  signingSessions: HeldSigningSession[];
}

export interface SupporterData {
  email: string;
  firstSignedAt: string;
  /** When the link this was read with stops working. */
  accessExpiresAt: string;
  signatures: HeldSignature[];
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/**
 * Everything held about the supporter behind a valid access link, across every campaign and
 * organization, with campaign titles and riding names in `locale`. Null for an invalid or expired link.
 */
export async function getSupporterData(token: string, locale: string): Promise<SupporterData | null> {
  const db = await getDb();
  const access = await findAccessToken(db, token);
  if (!access) return null;
  const [sup] = await db
    .select({ email: supporters.email, createdAt: supporters.createdAt })
    .from(supporters)
    .where(eq(supporters.id, access.supporterId));
  await openRow(db, sup, ["email"]);
  if (!sup || isErasedPlaceholder(sup.email)) return null;
  const fr = locale === "fr";
  const sigs = await db
    .select({
      id: signatures.id,
      campaignSlug: campaigns.slug,
      // The title in the reader's language, else the campaign's first.
      campaignTitle: sql<string | null>`(select ${campaignContent.title} from ${campaignContent} where ${campaignContent.campaignId} = ${campaigns.id} order by (${campaignContent.locale} = ${locale}) desc, ${campaignContent.locale} limit 1)`,
      organization: organizations.name,
      status: signatures.status,
      createdAt: signatures.createdAt,
      confirmedAt: signatures.confirmedAt,
      invalidatedAt: signatures.invalidatedAt,
      name: signatures.name,
      email: signatures.email,
      postalCode: signatures.postalCode,
      ridingFedNum: signatures.ridingFedNum,
      riding: fr ? ridings.nameFr : ridings.nameEn,
      province: sql<string | null>`coalesce(${signatures.provinceCode}, ${ridings.provinceCode})`,
      residency: signatures.residency,
      comment: signatures.comment,
      language: signatures.locale,
      consentToContact: signatures.consentToContact,
      source: signatures.source,
      consentAt: signatures.consentAt,
      consentWordingVersion: signatures.consentWordingVersion,
      unsubscribedAt: signatures.unsubscribedAt,
    })
    .from(signatures)
    .innerJoin(campaigns, eq(campaigns.id, signatures.campaignId))
    .innerJoin(organizations, eq(organizations.id, campaigns.organizationId))
    .leftJoin(ridings, eq(ridings.fedNum, signatures.ridingFedNum))
    .where(eq(signatures.supporterId, access.supporterId))
    .orderBy(asc(signatures.createdAt));
  const ls = await db
    .select({
      signatureId: letters.signatureId,
      representative: representatives.name,
      riding: fr ? ridings.nameFr : ridings.nameEn,
      subject: letters.subject,
      body: letters.body,
      status: letters.status,
      createdAt: letters.createdAt,
      heldAt: letters.heldAt,
      queuedAt: letters.queuedAt,
      sentAt: letters.sentAt,
      failedAt: letters.failedAt,
    })
    .from(letters)
    .innerJoin(signatures, eq(signatures.id, letters.signatureId))
    .innerJoin(representatives, eq(representatives.id, letters.representativeId))
    .leftJoin(ridings, eq(ridings.fedNum, representatives.ridingFedNum))
    .where(eq(signatures.supporterId, access.supporterId))
    .orderBy(asc(letters.createdAt));
  const updates = await db
    .select({
      signatureId: supporterUpdateDeliveries.signatureId,
      subject: sql<string | null>`(select ${supporterUpdateContent.subject} from ${supporterUpdateContent} where ${supporterUpdateContent.updateId} = ${supporterUpdateDeliveries.updateId} order by (${supporterUpdateContent.locale} = ${signatures.locale}) desc, ${supporterUpdateContent.locale} limit 1)`,
      status: supporterUpdateDeliveries.status,
      sentAt: supporterUpdateDeliveries.sentAt,
      unsubscribedAt: supporterUpdateDeliveries.unsubscribedAt,
    })
    .from(supporterUpdateDeliveries)
    .innerJoin(signatures, eq(signatures.id, supporterUpdateDeliveries.signatureId))
    .where(eq(signatures.supporterId, access.supporterId))
    .orderBy(asc(supporterUpdateDeliveries.sentAt));
  const flows = await db
    .select({
      signatureId: signingFlows.signatureId,
      name: signingFlows.name,
      email: signingFlows.email,
      postalCode: signingFlows.postalCode,
      createdAt: signingFlows.createdAt,
      expiresAt: signingFlows.expiresAt,
    })
    .from(signingFlows)
    .innerJoin(signatures, eq(signatures.id, signingFlows.signatureId))
    .where(and(eq(signatures.supporterId, access.supporterId), gt(signingFlows.expiresAt, sql`now()`)))
    .orderBy(asc(signingFlows.createdAt));
  await Promise.all([
    openRows(db, sigs, ["name", "email", "postalCode", "comment"]),
    openRows(db, ls, ["subject", "body"]),
    openRows(db, flows, ["name", "email", "postalCode"]),
  ]);
  return {
    email: sup.email,
    firstSignedAt: sup.createdAt.toISOString(),
    accessExpiresAt: access.expiresAt.toISOString(),
    signatures: sigs.map(({ id, createdAt, confirmedAt, invalidatedAt, consentAt, unsubscribedAt, campaignTitle, ...s }) => ({
      ...s,
      campaignTitle: plainText(campaignTitle ?? s.campaignSlug),
      signedAt: createdAt.toISOString(),
      confirmedAt: iso(confirmedAt),
      invalidatedAt: iso(invalidatedAt),
      consentAt: iso(consentAt),
      unsubscribedAt: iso(unsubscribedAt),
      letters: ls
        .filter((l) => l.signatureId === id)
        .map(({ signatureId: _s, createdAt: at, heldAt, queuedAt, sentAt, failedAt, ...l }) => ({
          ...l,
          createdAt: at.toISOString(),
          heldAt: iso(heldAt),
          queuedAt: iso(queuedAt),
          sentAt: iso(sentAt),
          failedAt: iso(failedAt),
        })),
      updates: updates
        .filter((u) => u.signatureId === id)
        .map(({ signatureId: _s, subject, sentAt, unsubscribedAt: off, ...u }) => ({ ...u, subject: subject ?? "", sentAt: iso(sentAt), unsubscribedAt: iso(off) })),
      signingSessions: flows
        .filter((f) => f.signatureId === id)
        .map(({ signatureId: _s, createdAt: at, expiresAt, ...f }) => ({ ...f, createdAt: at.toISOString(), expiresAt: expiresAt.toISOString() })),
    })),
  };
}

/** The JSON download: the same data, with what it is and when it was made. */
export function supporterDataDocument(data: SupporterData): Record<string, unknown> {
  const { accessExpiresAt: _a, ...held } = data;
  return { about: "Everything Constituent holds about this email address", exportedAt: new Date().toISOString(), ...held };
}

/* ------------------------------------------------------------------ erasing */

export type EraseResult = { ok: true } | { ok: false; error: "invalid_link" };

/**
 * Erases everything held about the supporter behind a valid access link, in one transaction:
 * every signature is withdrawn as from its status page (eraseSignaturesInTx: out of the counts,
 * identity, letters' text and flows gone, every link dead), every access link goes, the supporter
 * row keeps only a placeholder, and the keyed hash of the canonical address joins the
 * suppression list, so nothing is ever mailed to it again.
 */
export async function eraseSupporterData(token: string): Promise<EraseResult> {
  const db = await getDb();
  const changed = await db.transaction(async (tx) => {
    const access = await findAccessToken(tx, token);
    if (!access) return null;
    const [sup] = await tx
      .select({ id: supporters.id, email: supporters.email, canonical: supporters.emailHash })
      .from(supporters)
      .where(eq(supporters.id, access.supporterId))
      .for("update");
    await openRow(tx, sup, ["email"]);
    if (!sup || isErasedPlaceholder(sup.email)) return null;
    const sigs = await openRows(tx, await tx.select({ id: signatures.id, email: signatures.email }).from(signatures).where(eq(signatures.supporterId, sup.id)), ["email"]);
    const campaignIds = await eraseSignaturesInTx(
      tx,
      sigs.map((s) => s.id),
    );
    // Every variant typed has the supporter's canonical form; hashing each costs nothing and
    // keeps the list right if canonicalisation ever changes.
    const typed = sigs.map((s) => s.email).filter((e): e is string => Boolean(e) && !isErasedPlaceholder(e as string));
    const hash = await addressHasher(tx);
    await suppressAddresses(tx, [sup.canonical, ...typed.map(hash)]);
    await tx.delete(supporterAccessTokens).where(eq(supporterAccessTokens.supporterId, sup.id));
    await tx.update(supporters).set({ email: erasedAddress(sup.id), emailHash: erasedAddress(sup.id) }).where(eq(supporters.id, sup.id));
    return campaignIds;
  });
  if (!changed) return { ok: false, error: "invalid_link" };
  for (const id of changed) invalidateCount(id);
  return { ok: true };
}
