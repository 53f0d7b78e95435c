import { and, asc, eq, inArray, sql } from "drizzle-orm";
import {
campaigns,
letters,
officeDigests,
organizations,
representatives,
ridings,
signatures,
supporterUpdateDeliveries,
type Residency,
type SignatureStatus
} from "@/db/schema";
import { getDb } from "@/lib/server/db";
import { loadFlow } from "./flow-store";
import { enqueueInTx, jobTransaction, QUEUES } from "@/lib/jobs/queue";
import { findValidToken } from "./tokens";

export interface SupporterStatus {
  signatureId: string;
  campaignSlug: string;
  campaignId: string;
  status: SignatureStatus;
  confirmedAt: Date | null;
  residency: Residency;
  consentToContact: boolean;
  unsubscribedAt: Date | null;
  organizationName: string;
  /**
   * `shown` is what the supporter reads (decision 0029): the status, or "digest" (waiting for the
   * office's digest), "inDigest" (delivered in it, `date` the digest's), "bounced" (the office's
   * address bounced, `date` then; the letter waits for a corrected address).
   */
  letters: { id: string; status: string; shown: string; date: Date | null; representativeName: string; ridingNameEn: string; ridingNameFr: string; queuedAt: Date | null; sentAt: Date | null }[];
  /** This browser holds a proven flow for this signature: "Write to your MP" is one tap away. */
  mayWriteHere: boolean;
}

/**
 * What the supporter's status page shows, for a valid manage token (a GET link; it changes
 * nothing). The link shows and withdraws; it does not let its holder write in the supporter's
 * name (a forwarded email would spread that): writing needs a proven flow in this browser.
 */
export async function getSupporterStatus(token: string, ctx: { flowId?: string | null } = {}): Promise<SupporterStatus | null> {
  const db = await getDb();
  const t = await findValidToken(db, "manage", token);
  if (!t) return null;
  const status = await loadSupporterStatus(t.signatureId);
  if (!status) return null;
  const flow = ctx.flowId ? await loadFlow(db, ctx.flowId, { campaignId: status.campaignId }) : null;
  return { ...status, mayWriteHere: Boolean(flow?.proven && flow.signatureId === t.signatureId && status.residency === "resident") };
}

/**
 * "Write to your MP" from a status page in a browser without proof: a single-use link (and code)
 * is mailed to the address, to open on this device. Capped like every supporter email.
 */
export async function requestWriteLink(manageToken: string): Promise<boolean> {
  return jobTransaction(async (tx) => {
    const t = await findValidToken(tx, "manage", manageToken);
    if (!t) return false;
    await enqueueInTx(tx, QUEUES.confirmationMail, { signatureId: t.signatureId });
    return true;
  });
}

export async function loadSupporterStatus(signatureId: string): Promise<Omit<SupporterStatus, "mayWriteHere"> | null> {
  const db = await getDb();
  const [s] = await db
    .select({
      signatureId: signatures.id,
      campaignId: campaigns.id,
      campaignSlug: campaigns.slug,
      status: signatures.status,
      confirmedAt: signatures.confirmedAt,
      residency: signatures.residency,
      consentToContact: signatures.consentToContact,
      unsubscribedAt: signatures.unsubscribedAt,
      organizationName: organizations.name,
    })
    .from(signatures)
    .innerJoin(campaigns, eq(campaigns.id, signatures.campaignId))
    .innerJoin(organizations, eq(organizations.id, campaigns.organizationId))
    .where(eq(signatures.id, signatureId));
  if (!s) return null;
  const ls = await db
    .select({
      id: letters.id,
      status: letters.status,
      representativeName: representatives.name,
      ridingNameEn: ridings.nameEn,
      ridingNameFr: ridings.nameFr,
      queuedAt: letters.queuedAt,
      sentAt: letters.sentAt,
      bouncedAt: letters.bouncedAt,
      digestDueAt: letters.digestDueAt,
      digestSentAt: officeDigests.sentAt,
    })
    .from(letters)
    .leftJoin(officeDigests, eq(officeDigests.id, letters.digestId))
    .innerJoin(representatives, eq(representatives.id, letters.representativeId))
    .innerJoin(ridings, eq(ridings.fedNum, representatives.ridingFedNum))
    // Drafts belong to the browser writing them; held letters are shown as waiting for approval.
    .where(and(eq(letters.signatureId, signatureId), sql`${letters.status} <> 'draft'`))
    .orderBy(asc(letters.createdAt));
  return {
    ...s,
    letters: ls.map(({ bouncedAt, digestDueAt, digestSentAt, ...l }) =>
      l.status === "sent" && digestSentAt
        ? { ...l, shown: "inDigest", date: digestSentAt }
        : l.status === "queued" && bouncedAt
          ? { ...l, shown: "bounced", date: bouncedAt }
          : l.status === "queued" && digestDueAt
            ? { ...l, shown: "digest", date: digestDueAt }
            : { ...l, shown: l.status, date: l.sentAt },
    ),
  };
}

/**
 * Stops updates from the campaign's organization to this address (every signature of the
 * supporter with that organization). Idempotent; the token stays usable.
 */
export async function unsubscribeByToken(token: string): Promise<{ organizationName: string } | null> {
  const db = await getDb();
  const t = await findValidToken(db, "unsubscribe", token);
  if (!t) return null;
  const [s] = await db
    .select({ supporterId: signatures.supporterId, organizationId: campaigns.organizationId, organizationName: organizations.name })
    .from(signatures)
    .innerJoin(campaigns, eq(campaigns.id, signatures.campaignId))
    .innerJoin(organizations, eq(organizations.id, campaigns.organizationId))
    .where(eq(signatures.id, t.signatureId));
  if (!s) return null;
  await db
    .update(signatures)
    .set({ unsubscribedAt: sql`coalesce(${signatures.unsubscribedAt}, now())`, consentToContact: false })
    .where(
      and(
        eq(signatures.supporterId, s.supporterId),
        inArray(signatures.campaignId, db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.organizationId, s.organizationId))),
      ),
    );
  // Mailed in an update: the update's figures count it.
  if (t.updateId) {
    await db
      .update(supporterUpdateDeliveries)
      .set({ unsubscribedAt: sql`coalesce(${supporterUpdateDeliveries.unsubscribedAt}, now())` })
      .where(and(eq(supporterUpdateDeliveries.updateId, t.updateId), eq(supporterUpdateDeliveries.signatureId, t.signatureId)));
  }
  return { organizationName: s.organizationName };
}
