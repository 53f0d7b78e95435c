import { and, asc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import {
  DELIVERED_LETTER_STATUSES,
  UNSENT_LETTER_STATUSES,
  campaignContent,
  campaignTargets,
  campaigns,
  letterEvents,
  letters,
  organizations,
  representatives,
  ridings,
  signatures,
  type LetterStatus,
} from "@/db/schema";
import { loadFlow } from "./flow-store";
import { getDb, type Tx } from "./db";
import { env } from "./env";
import { format, getMessages } from "./i18n";
import { log } from "./log";
import { escapeHtml, plainText } from "./markdown";
import { headerSafe, MailError, platformAddress, sendMail, type OutgoingMail } from "./mail";
import { enqueueInTx, jobTransaction, QUEUES } from "./queue";
import { composeLetter, mpTitle, salutation, type MergeValues } from "./letters-text";
import { personalScore } from "./similarity";

/* ------------------------------------------------------------------ templates */

export { MERGE_FIELDS, composeLetter, mpTitle, partyName, renderTemplate, salutation, showPersonalSlot, storePersonalSlot, unknownMergeFields } from "./letters-text";
export type { MergeField, MergeValues } from "./letters-text";

/* ------------------------------------------------------------------ writing */

/** Markers a supporter might copy from a template: a letter is sent as text, never as a template. */
const TEMPLATE_TAG = /\{\{|\}\}/;
const noTemplateTags = (s: string) => !TEMPLATE_TAG.test(s);

export const LETTER_BODY_MAX = 8000;
export const LETTER_PERSONAL_MAX = 4000;

export const letterInputSchema = z.object({
  representativeId: z.uuid(),
  subject: z
    .string()
    .transform((s) => headerSafe(s, 200))
    .pipe(z.string().min(1, "letter.subject").refine(noTemplateTags, "letter.templateTag")),
  personal: z
    .string()
    .default("")
    .transform((s) => s.replace(/\r\n/g, "\n").trim())
    .pipe(z.string().max(LETTER_PERSONAL_MAX, "letter.personalTooLong").refine(noTemplateTags, "letter.templateTag")),
  /** The letter with the personal slot shown as the reader's own-words marker (personalSlot). */
  body: z
    .string()
    .transform((s) => s.replace(/\r\n/g, "\n").trim())
    .pipe(z.string().min(1, "letter.body").max(LETTER_BODY_MAX, "letter.tooLong").refine(noTemplateTags, "letter.templateTag")),
});
export type LetterInput = z.output<typeof letterInputSchema>;

export interface LetterDraft {
  id: string;
  status: LetterStatus;
  subject: string;
  /** With {{personal_paragraph}} where the supporter's own words go. */
  body: string;
  personal: string;
  personalScore: number;
}

const PERSONAL_MARK = "\u2063"; // invisible separator: lets us recover the personal paragraph from a stored draft

export type SaveDraftResult = { ok: true; letterId: string } | { ok: false; error: "letter.held" | "letter.notATarget" | "session.expired" };

/**
 * Saves (or updates) a draft in the writer's flow, to one of the flow's targets. The sender is
 * the flow's: the name, address, postal code and riding this browser gave.
 */
export async function saveLetterDraft(flowId: string, campaignId: string, input: LetterInput, templateForScore: string): Promise<SaveDraftResult> {
  const db = await getDb();
  const flow = await loadFlow(db, flowId, { campaignId });
  if (!flow) return { ok: false, error: "session.expired" };
  // Authorisation in the domain, not only the page: only the flow's own MP or the campaign's named targets.
  if (!(await targetsOf(flow)).some((t) => t.representativeId === input.representativeId)) return { ok: false, error: "letter.notATarget" };
  const score = personalScore(composeLetter(input.body, input.personal), templateForScore);
  const stored = `${input.body}${PERSONAL_MARK}${input.personal}`;
  const id = crypto.randomUUID();
  const rows = await db
    .insert(letters)
    .values({
      id,
      campaignId: flow.campaignId,
      signatureId: flow.signatureId,
      flowId: flow.id,
      representativeId: input.representativeId,
      status: "draft",
      subject: input.subject,
      body: stored,
      personalScore: score,
      senderName: flow.name,
      senderEmail: flow.email,
      senderPostalCode: flow.postalCode,
      senderRidingFedNum: flow.ridingFedNum,
      messageId: `<letter-${id}@${env().MAIL_FROM_DOMAIN}>`,
    })
    .onConflictDoUpdate({
      target: [letters.flowId, letters.representativeId],
      targetWhere: sql`status in ('draft', 'held')`,
      set: {
        subject: input.subject,
        body: stored,
        personalScore: score,
        senderName: flow.name,
        senderEmail: flow.email,
        senderPostalCode: flow.postalCode,
        senderRidingFedNum: flow.ridingFedNum,
      },
      setWhere: eq(letters.status, "draft"),
    })
    .returning({ id: letters.id });
  if (rows.length === 0) return { ok: false, error: "letter.held" };
  return { ok: true, letterId: rows[0].id };
}

function splitStored(stored: string): { body: string; personal: string } {
  const i = stored.indexOf(PERSONAL_MARK);
  return i < 0 ? { body: stored, personal: "" } : { body: stored.slice(0, i), personal: stored.slice(i + 1) };
}

/** The flow's own unsent letter to one office (draft, or held for approval), if any. */
export async function getLetterDraft(flowId: string, representativeId: string): Promise<LetterDraft | null> {
  const db = await getDb();
  const [l] = await db
    .select()
    .from(letters)
    .where(and(eq(letters.flowId, flowId), eq(letters.representativeId, representativeId), inArray(letters.status, UNSENT_LETTER_STATUSES)));
  if (!l) return null;
  const { body, personal } = splitStored(l.body);
  return { id: l.id, status: l.status, subject: l.subject, body, personal, personalScore: l.personalScore };
}

export interface TargetProgress {
  representativeId: string;
  /** What this browser may know: its own letter's state, and (once proven) whether the address already wrote. */
  state: "none" | "draft" | "held" | "sent";
}

/**
 * Where the writer stands with each target: this flow's own drafts and held letters and, only
 * for a proven flow, the letters the address has already sent. Never anything of other flows.
 */
export async function listTargetProgress(flowId: string, campaignId: string): Promise<TargetProgress[]> {
  const db = await getDb();
  const flow = await loadFlow(db, flowId, { campaignId });
  if (!flow) return [];
  const targets = await targetsOf(flow);
  const own = await db
    .select({ representativeId: letters.representativeId, status: letters.status })
    .from(letters)
    .where(and(eq(letters.flowId, flow.id), inArray(letters.status, [...UNSENT_LETTER_STATUSES, ...DELIVERED_LETTER_STATUSES])));
  const delivered = flow.proven
    ? await db
        .select({ representativeId: letters.representativeId })
        .from(letters)
        .where(and(eq(letters.signatureId, flow.signatureId), inArray(letters.status, DELIVERED_LETTER_STATUSES)))
    : [];
  return targets.map((t) => {
    const mine = own.find((l) => l.representativeId === t.representativeId);
    const sent = delivered.some((d) => d.representativeId === t.representativeId) || (mine && (DELIVERED_LETTER_STATUSES as readonly string[]).includes(mine.status));
    return { representativeId: t.representativeId, state: sent ? "sent" : mine?.status === "held" ? "held" : mine ? "draft" : "none" };
  });
}

async function logEvent(tx: Tx, letterId: string, status: LetterStatus, detail?: string) {
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
  const contents = await q
    .select({ locale: campaignContent.locale, title: campaignContent.title })
    .from(campaignContent)
    .where(eq(campaignContent.campaignId, r.campaignId))
    .orderBy(asc(campaignContent.locale));
  const title = (contents.find((c) => c.locale === r.locale) ?? contents[0])?.title ?? r.campaignSlug;
  const { body, personal } = splitStored(r.body);
  return {
    letterId: r.letterId,
    messageId: r.messageId,
    subject: r.subject,
    text: composeLetter(body, personal),
    supporterName: r.supporterName ?? "",
    supporterEmail: r.supporterEmail ?? "",
    postalCode: r.postalCode,
    ridingName: r.ridingEn ? (r.locale === "fr" ? r.ridingFr ?? r.ridingEn : r.ridingEn) : null,
    representativeName: r.representativeName,
    representativeEmail: r.representativeEmail,
    campaignSlug: r.campaignSlug,
    campaignTitle: plainText(title),
    organizationName: r.organizationName,
    locale: r.locale,
  };
}

/**
 * Exactly what the office receives. From is the platform's address with the supporter's name
 * (never the supporter's own domain: DMARC); Reply-To is the supporter. Used by the preview too.
 */
export function buildLetterEmail(e: LetterEnvelope): OutgoingMail {
  const m = getMessages(e.locale).emails;
  const name = headerSafe(e.supporterName, 100);
  const footer = [
    "--",
    e.ridingName && e.postalCode ? format(m.letterFooterConstituent, { riding: e.ridingName, postal: e.postalCode }) : null,
    format(m.letterFooterConfirmed, { name }),
    format(m.letterFooterCampaign, { title: e.campaignTitle, organization: e.organizationName, name }),
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
 * (LETTER_JOB_EXPIRE_SECONDS, lib/queue.ts), so the job's retry finds the lease over.
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
      .select({ representativeId: letters.representativeId, status: letters.status, suspended: sql<boolean>`${organizations.suspendedAt} is not null` })
      .from(letters)
      .innerJoin(campaigns, eq(campaigns.id, letters.campaignId))
      .innerJoin(organizations, eq(organizations.id, campaigns.organizationId))
      .where(eq(letters.id, letterId));
    if (!target) return null;
    if (target.status === "queued") {
      // A suspended organization's letters wait (checked again every hour) until it is reinstated.
      if (target.suspended) {
        await tx.update(letters).set({ lastError: "organization suspended by the platform; waiting until it is reinstated" }).where(eq(letters.id, letterId));
        await enqueueInTx(tx, QUEUES.letter, { letterId }, { startAfter: new Date(Date.now() + SUSPENDED_RECHECK_MS) });
        return "deferred" as const;
      }
      // One office at a time, so two workers can't both take the last place under the cap.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${target.representativeId}))`);
      const [{ n }] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(letters)
        .where(
          and(
            eq(letters.representativeId, target.representativeId),
            or(eq(letters.status, "sending"), and(eq(letters.status, "sent"), sql`${letters.sentAt} >= ${OFFICE_DAY_START}`)),
          ),
        );
      if (n >= cap) {
        const [{ next }] = await tx.select({ next: sql<Date>`${OFFICE_DAY_START} + interval '1 day' + interval '5 minutes'` }).from(sql`(select 1) as one`);
        await tx.update(letters).set({ lastError: `daily cap of ${cap} letters for this office reached; waiting until the next day` }).where(eq(letters.id, letterId));
        await enqueueInTx(tx, QUEUES.letter, { letterId }, { startAfter: new Date(next) });
        return "deferred" as const;
      }
    }
    const rows = await tx
      .update(letters)
      .set({ status: "sending", sendingAt: sql`now()`, attempts: sql`${letters.attempts} + 1` })
      .where(
        and(
          eq(letters.id, letterId),
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
    return loadLetterEnvelope(letterId, tx);
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
    });
  };

  if (!claimed.representativeEmail) {
    await settle("failed", "representative has no email address", { failedAt: new Date() });
    return "failed";
  }
  try {
    await sendMail(buildLetterEmail(claimed));
    await settle("sent", null, { sentAt: new Date() });
    log.info("letter.sent", { letterId });
    return "sent";
  } catch (err) {
    const e = err instanceof MailError ? err : new MailError(String(err), false);
    const reason = `${e.responseCode ?? "network"}: ${e.message}`.slice(0, 500);
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

/* ------------------------------------------------------------------ what the supporter may write */

export interface LetterTarget {
  representativeId: string;
  name: string;
  honourable: boolean;
  party: string | null;
  email: string | null;
  ridingNameEn: string;
  ridingNameFr: string;
}

/**
 * The representatives a flow may write to in its campaign: the MP of the riding it chose, when
 * the campaign targets each supporter's MP, and the campaign's named targets. Residents only.
 */
export async function listLetterTargets(flowId: string, campaignId: string): Promise<LetterTarget[]> {
  const db = await getDb();
  const flow = await loadFlow(db, flowId, { campaignId });
  return flow ? targetsOf(flow) : [];
}

async function targetsOf(flow: { campaignId: string; residency: string; ridingFedNum: string | null }): Promise<LetterTarget[]> {
  if (flow.residency !== "resident") return [];
  const db = await getDb();
  const targets = await db.select().from(campaignTargets).where(eq(campaignTargets.campaignId, flow.campaignId));
  const wantsOwn = targets.some((t) => t.kind === "own_mp");
  const named = targets.filter((t) => t.kind === "representative" && t.representativeId).map((t) => t.representativeId as string);
  const rows = await db
    .select({
      representativeId: representatives.id,
      name: representatives.name,
      honourable: representatives.honourable,
      email: representatives.email,
      party: representatives.party,
      ridingFedNum: representatives.ridingFedNum,
      ridingNameEn: ridings.nameEn,
      ridingNameFr: ridings.nameFr,
    })
    .from(representatives)
    .innerJoin(ridings, eq(ridings.fedNum, representatives.ridingFedNum))
    .where(
      and(
        eq(representatives.current, true),
        or(
          named.length ? inArray(representatives.id, named) : undefined,
          wantsOwn && flow.ridingFedNum ? eq(representatives.ridingFedNum, flow.ridingFedNum) : undefined,
          sql`false`,
        ),
      ),
    );
  // Own MP first, then named targets in the campaign's order.
  const rank = (r: { representativeId: string; ridingFedNum: string }) => (r.ridingFedNum === flow.ridingFedNum && wantsOwn ? -1 : named.indexOf(r.representativeId));
  return rows.sort((a, b) => rank(a) - rank(b)).map(({ ridingFedNum: _r, ...t }) => t);
}

/** The merge values for one supporter writing to one target, in the template's language. */
export function mergeValuesFor(
  target: LetterTarget,
  supporter: { name: string; postalCode: string | null },
  locale: string,
): Omit<MergeValues, "personal_paragraph"> {
  return {
    salutation: salutation(target, locale),
    mp_name: target.name,
    mp_title: mpTitle(target, locale),
    riding: locale === "fr" ? target.ridingNameFr || target.ridingNameEn : target.ridingNameEn,
    supporter_name: supporter.name,
    postal_code: supporter.postalCode ?? "",
  };
}
