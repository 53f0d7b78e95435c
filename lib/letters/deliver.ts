import { openRow } from "@/lib/privacy/encryption";
import { eraseAfterDelivery } from "@/lib/privacy/retention";
import { letterLocalePreference } from "@/lib/i18n/config";
import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import {
campaignContent,campaigns,letters,
organizations,
representatives,
ridings,
signatures,
type LetterStatus
} from "@/db/schema";
import { getDb, type Tx } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { createTranslator } from "next-intl";
import { intlConfig } from "@/lib/i18n";
import { log, redact } from "@/lib/server/log";
import { escapeHtml, plainText } from "@/lib/campaigns/markdown";
import { headerSafe, MailError, platformAddress, sendMail, type OutgoingMail } from "@/lib/server/mail";
import { enqueueInTx, jobTransaction, QUEUES } from "@/lib/jobs/queue";
import { splitStored } from "./compose";
import { logEvent } from "./lifecycle";
import { composeLetter } from "./text";
import { destinationFor, getOffice, nextDigestAt, officeLinkToken } from "@/lib/offices/offices";
import { recordHardBounce, verpAddress } from "@/lib/offices/bounces";
import { paths } from "@/lib/paths";
import { publicUrl } from "@/lib/server/env";



/* ------------------------------------------------------------------ the email an office receives */

export interface LetterEnvelope {
  letterId: string;
  messageId: string;
  subject: string;
  text: string;
  supporterName: string;
  supporterEmail: string;
  postalCode: string | null;
  ridingName: string | null;
  representativeName: string;
  representativeEmail: string | null;
  campaignSlug: string;
  campaignTitle: string;
  organizationName: string;
  locale: string;
}

export async function loadLetterEnvelope(letterId: string, db?: Tx): Promise<LetterEnvelope | null> {
  const q = db ?? (await getDb());
  const [r] = await q
    .select({
      letterId: letters.id,
      messageId: letters.messageId,
      subject: letters.subject,
      body: letters.body,
      supporterName: letters.senderName,
      supporterEmail: letters.senderEmail,
      postalCode: letters.senderPostalCode,
      locale: signatures.locale,
      ridingEn: ridings.nameEn,
      ridingFr: ridings.nameFr,
      representativeName: representatives.name,
      representativeEmail: representatives.email,
      campaignSlug: campaigns.slug,
      campaignId: campaigns.id,
      campaignLocales: campaigns.locales,
      organizationName: organizations.name,
    })
    .from(letters)
    .innerJoin(signatures, eq(signatures.id, letters.signatureId))
    .innerJoin(representatives, eq(representatives.id, letters.representativeId))
    .leftJoin(ridings, eq(ridings.fedNum, letters.senderRidingFedNum))
    .innerJoin(campaigns, eq(campaigns.id, letters.campaignId))
    .innerJoin(organizations, eq(organizations.id, campaigns.organizationId))
    .where(eq(letters.id, letterId));
  if (!r) return null;
  await openRow(q, r, ["subject", "body", "supporterName", "supporterEmail", "postalCode"]);
  // The letter's language is its template's (English or French, what offices read), not the
  // supporter's interface: someone who signed on /hy sends the campaign's English or French letter.
  const locale = letterLocalePreference(r.campaignLocales, r.locale).find((l) => r.campaignLocales.includes(l)) ?? "en";
  const contents = await q
    .select({ locale: campaignContent.locale, title: campaignContent.title })
    .from(campaignContent)
    .where(eq(campaignContent.campaignId, r.campaignId))
    .orderBy(asc(campaignContent.locale));
  const title = (contents.find((c) => c.locale === locale) ?? contents[0])?.title ?? r.campaignSlug;
  const { body, personal } = splitStored(r.body);
  return {
    letterId: r.letterId,
    messageId: r.messageId,
    subject: r.subject,
    text: composeLetter(body, personal),
    supporterName: r.supporterName ?? "",
    supporterEmail: r.supporterEmail ?? "",
    postalCode: r.postalCode,
    ridingName: r.ridingEn ? (locale === "fr" ? r.ridingFr ?? r.ridingEn : r.ridingEn) : null,
    representativeName: r.representativeName,
    representativeEmail: r.representativeEmail,
    campaignSlug: r.campaignSlug,
    campaignTitle: plainText(title),
    organizationName: r.organizationName,
    locale,
  };
}

/**
 * Exactly what the office receives. From is the platform's address with the supporter's name
 * (never the supporter's own domain: DMARC); Reply-To is the supporter. Used by the preview too.
 */
export function buildLetterEmail(e: LetterEnvelope, opts: { officeLink?: string } = {}): OutgoingMail {
  const m = createTranslator({ ...intlConfig(e.locale), namespace: "emails" });
  const name = headerSafe(e.supporterName, 100);
  const footer = [
    "--",
    e.ridingName && e.postalCode ? m("letterFooterConstituent", { riding: e.ridingName, postal: e.postalCode }) : null,
    m("letterFooterConfirmed", { name }),
    m("letterFooterCampaign", { title: e.campaignTitle, organization: e.organizationName, name }),
    // Only in what the office receives (not the writer's preview): how the office chooses to get letters.
    opts.officeLink ? m("letterFooterOffice", { url: opts.officeLink }) : null,
  ].filter(Boolean) as string[];
  const text = `${e.text}\n\n${footer.join("\n")}\n`;
  const html = `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">${e.text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`)
    .join("")}<hr><p style="color:#555;font-size:90%">${footer.slice(1).map(escapeHtml).join("<br>")}</p></body></html>`;
  return {
    from: platformAddress("letters", `${name} via Constituent`),
    to: { name: e.representativeName, address: e.representativeEmail ?? "" },
    replyTo: { name, address: e.supporterEmail },
    subject: e.subject,
    text,
    html,
    messageId: e.messageId,
    headers: { "X-Constituent-Campaign": e.campaignSlug, "X-Constituent-Letter": e.letterId },
  };
}

/* ------------------------------------------------------------------ delivery (worker) */

/**
 * A worker that died mid-send leaves "sending"; after this lease (LETTER_SENDING_LEASE_SECONDS,
 * default 90) another attempt may claim it. Shorter than the letter job's expiry
 * (LETTER_JOB_EXPIRE_SECONDS, lib/jobs/queue.ts), so the job's retry finds the lease over.
 */
export function sendingLeaseSeconds(): number {
  return env().LETTER_SENDING_LEASE_SECONDS;
}

export type DeliveryOutcome = "sent" | "skipped" | "failed" | "retry" | "deferred";

/** An office's day, for the daily cap: Ottawa time, where the House sits. */
const OFFICE_DAY_START = sql`(date_trunc('day', now() at time zone 'America/Toronto') at time zone 'America/Toronto')`;

/**
 * Sends one letter. The claim (queued → sending) is a conditional UPDATE, so two workers holding
 * the same letter can't both send it; the Message-ID is stable across attempts. Each office
 * receives at most LETTER_DAILY_CAP_PER_OFFICE letters a day: beyond it, a letter waits for the
 * next day (a new job starting then), with the reason visible to organizers.
 */
/** How often a suspended organization's waiting letters look again. */
export const SUSPENDED_RECHECK_MS = 3600_000;

export async function deliverLetter(letterId: string, opts: { finalAttempt: boolean }): Promise<DeliveryOutcome> {
  const db = await getDb();
  const cap = env().LETTER_DAILY_CAP_PER_OFFICE;
  const claimed = await jobTransaction(async (tx) => {
    const [target] = await tx
      .select({ representativeId: letters.representativeId, status: letters.status, digestDueAt: letters.digestDueAt, suspended: sql<boolean>`${organizations.suspendedAt} is not null` })
      .from(letters)
      .innerJoin(campaigns, eq(campaigns.id, letters.campaignId))
      .innerJoin(organizations, eq(organizations.id, campaigns.organizationId))
      .where(eq(letters.id, letterId));
    if (!target) return null;
    // Waiting for its office's digest: the digest sends it (lib/offices/digest.ts).
    if (target.status === "queued" && target.digestDueAt) return "deferred" as const;
    const destination = await destinationFor(tx, target.representativeId);
    if (target.status === "queued") {
      // A suspended organization's letters wait (checked again every hour) until it is reinstated.
      if (target.suspended) {
        await tx.update(letters).set({ lastError: "organization suspended by the platform; waiting until it is reinstated" }).where(eq(letters.id, letterId));
        await enqueueInTx(tx, QUEUES.letter, { letterId }, { startAfter: new Date(Date.now() + SUSPENDED_RECHECK_MS) });
        return "deferred" as const;
      }
      // No office to send to: the letter waits, with no job, until the directory changes
      // (releaseWaitingLetters, lib/offices/offices.ts).
      if (destination.kind === "vacant") {
        await tx.update(letters).set({ lastError: "the riding has no current MP in the directory; waiting for an import" }).where(eq(letters.id, letterId));
        return "deferred" as const;
      }
      if (destination.kind === "office") {
        const office = await getOffice(tx, destination.email);
        if (office.bouncedAt) {
          await tx
            .update(letters)
            .set({ lastError: `office address bounced on ${office.bouncedAt.toISOString().slice(0, 10)}; waiting for a corrected address`, bouncedAt: office.bouncedAt })
            .where(eq(letters.id, letterId));
          return "deferred" as const;
        }
        // The office chose a digest: the letter joins the next one.
        if (office.delivery !== "each") {
          await tx
            .update(letters)
            .set({ lastError: null, deliveredTo: destination.email, digestDueAt: nextDigestAt(office, new Date()) })
            .where(eq(letters.id, letterId));
          await logEvent(tx, letterId, "queued", `waiting for the office's ${office.delivery} digest`);
          return "deferred" as const;
        }
        // One office at a time, so two workers can't both take the last place under the cap.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${destination.email}))`);
        const [{ n }] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(letters)
          .where(
            and(
              eq(letters.deliveredTo, destination.email),
              isNull(letters.digestId),
              or(eq(letters.status, "sending"), and(eq(letters.status, "sent"), sql`${letters.sentAt} >= ${OFFICE_DAY_START}`)),
            ),
          );
        // Beyond the day's cap, a letter joins the office's next day's digest instead of waiting.
        if (n >= cap) {
          await tx
            .update(letters)
            .set({
              lastError: `daily cap of ${cap} letters for this office reached; joining the office's digest of the next day`,
              deliveredTo: destination.email,
              digestDueAt: nextDigestAt({ ...office, delivery: "daily" }, new Date(), { notBeforeNextDay: true }),
            })
            .where(eq(letters.id, letterId));
          return "deferred" as const;
        }
      }
    }
    const rows = await tx
      .update(letters)
      .set({ status: "sending", sendingAt: sql`now()`, attempts: sql`${letters.attempts} + 1`, deliveredTo: destination.kind === "office" ? destination.email : null })
      .where(
        and(
          eq(letters.id, letterId),
          // A letter waiting for its office's digest, or claimed by one, is the digest's to send.
          isNull(letters.digestDueAt),
          isNull(letters.digestId),
          sql`(${letters.status} = 'queued' or (${letters.status} = 'sending' and ${letters.sendingAt} < now() - make_interval(secs => ${sendingLeaseSeconds()})))`,
          // Only confirmed signatures' letters leave, whatever path changed the signature.
          sql`exists (select 1 from ${signatures} where ${signatures.id} = ${letters.signatureId} and ${signatures.status} = 'confirmed')`,
        ),
      )
      .returning({ id: letters.id });
    if (rows.length === 0) {
      const cancelled = await tx
        .update(letters)
        .set({ status: "cancelled" })
        .where(
          and(
            eq(letters.id, letterId),
            eq(letters.status, "queued"),
            sql`not exists (select 1 from ${signatures} where ${signatures.id} = ${letters.signatureId} and ${signatures.status} = 'confirmed')`,
          ),
        )
        .returning({ id: letters.id });
      if (cancelled.length) await logEvent(tx, letterId, "cancelled", "signature no longer confirmed");
      return null;
    }
    await logEvent(tx, letterId, "sending");
    const envelope = await loadLetterEnvelope(letterId, tx);
    if (!envelope) return null;
    // Sent to the office as it is now (an MP replaced since the letter was written: the new member's).
    return destination.kind === "office" ? { ...envelope, representativeName: destination.name, representativeEmail: destination.email } : { ...envelope, representativeEmail: null };
  });
  if (!claimed) return "skipped";
  if (claimed === "deferred") {
    log.info("letter.deferred", { letterId });
    return "deferred";
  }

  const settle = async (status: LetterStatus, detail: string | null, extra: Partial<typeof letters.$inferInsert>) => {
    await db.transaction(async (tx) => {
      await tx
        .update(letters)
        .set({ status, lastError: detail, ...extra })
        .where(and(eq(letters.id, letterId), eq(letters.status, "sending")));
      await logEvent(tx, letterId, status, detail ?? undefined);
      // Deliver-then-delete campaigns keep no sent letter's text or writer, not even for a moment.
      if (status === "sent") await eraseAfterDelivery(tx, letterId);
    });
  };

  if (!claimed.representativeEmail) {
    await settle("failed", "representative has no email address", { failedAt: new Date() });
    return "failed";
  }
  try {
    const officeLink = `${publicUrl()}${paths.office.preferences(claimed.locale, officeLinkToken(claimed.representativeEmail))}`;
    await sendMail({ ...buildLetterEmail(claimed, { officeLink }), envelopeFrom: verpAddress(letterId) });
    await settle("sent", null, { sentAt: new Date() });
    log.info("letter.sent", { letterId });
    return "sent";
  } catch (err) {
    const e = err instanceof MailError ? err : new MailError(String(err), false);
    // A relay's refusal often quotes the address: what is stored (and shown to organizers) never does.
    const reason = redact(`${e.responseCode ?? "network"}: ${e.message}`).slice(0, 500);
    // The office's server refused the address itself: a hard bounce. The address is marked, and
    // this letter and the next wait for a corrected one instead of bouncing.
    if (e.permanent && e.recipientRefused) {
      await db.transaction(async (tx) => {
        await tx.update(letters).set({ status: "queued" }).where(and(eq(letters.id, letterId), eq(letters.status, "sending")));
      });
      await recordHardBounce(letterId, reason);
      log.warn("letter.bounced", { letterId, code: e.responseCode ?? null });
      return "failed";
    }
    if (e.permanent || opts.finalAttempt) {
      await settle("failed", reason, { failedAt: new Date() });
      log.warn("letter.failed", { letterId, code: e.responseCode ?? null });
      return "failed";
    }
    await settle("queued", reason, {});
    log.info("letter.retry", { letterId, code: e.responseCode ?? null });
    return "retry";
  }
}
