import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaigns, letterEvents, letters, organizations, representatives, signatures, sinkMessages } from "@/db/schema";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import {
  confirmFromMailbox,
  demoCampaign,
  headerOf,
  letterInput,
  mailsWithMessageId,
  sign,
  sinkHighWater,
  uniqueEmail,
} from "@/test/journey";
import { getLetterTemplate, type LetterTemplate } from "@/lib/campaigns/public";
import { getDb } from "@/lib/server/db";
import { resetEnvCache } from "@/lib/server/env";
import { cancelLettersForSignatures, submitLetter } from "./lifecycle";
import { composeLetter, renderTemplate } from "./text";
import { deliverLetter } from "./deliver";
import { verpAddress } from "@/lib/offices/bounces";
import { letterInputSchema, saveLetterDraft } from "./compose";
import { closeMail } from "@/lib/server/mail";
import { listSinkMessages, mailSinkPort, startMailSink, stopMailSink } from "@/lib/server/mail-sink";
import { enqueueInTx, jobTransaction, QUEUES } from "@/lib/jobs/queue";
import { findRidingsForPostalCode } from "@/lib/directory/representatives";
import { chooseFlowRiding } from "@/lib/signing/flows";
import { signInputSchema } from "@/lib/signing/sign";
import { processAvailableJobs } from "@/lib/jobs/worker";

let template: LetterTemplate;
let campaignId: string;
beforeAll(async () => {
  await useFreshDatabase();
  const campaign = await demoCampaign();
  campaignId = campaign.id;
  template = (await getLetterTemplate(campaign.id, "en"))!;
});
afterAll(resetRuntime);

/* ------------------------------------------------------------------ journey steps */

interface Writer {
  email: string;
  name: string;
  postalCode: string;
  signatureId: string;
  /** The writer's browser: confirming "in the same browser" proves it. */
  flowId: string;
  riding: { fedNum: string; name: string };
  mp: { id: string; name: string; email: string | null };
}

/**
 * Signs the demo campaign, receives the confirmation email, and picks the riding of the postal
 * code. With `confirm`, the supporter confirms in the same browser first (a proven flow).
 */
async function signAndChooseRiding(opts: { name?: string; postalCode?: string; confirm?: boolean } = {}): Promise<Writer> {
  const email = uniqueEmail();
  const name = opts.name ?? "Mariam Hakobyan";
  const postalCode = opts.postalCode ?? "K1A 0A6";
  const s = await sign({ email, name, postalCode });
  await processAvailableJobs({ queues: [QUEUES.confirmationMail] });
  const flowId = opts.confirm ? (await confirmFromMailbox(email, s.flowId)).flowId : s.flowId;

  const lookup = await findRidingsForPostalCode(postalCode);
  if (!lookup.ok) throw new Error(lookup.error);
  const choice = lookup.candidates.find((c) => c.representative !== null);
  if (!choice?.representative) throw new Error(`no MP for ${postalCode}`);
  expect(await chooseFlowRiding(flowId, campaignId, choice.fedNum)).toBe(true);
  return {
    email,
    name,
    postalCode,
    signatureId: s.signatureId,
    flowId,
    riding: { fedNum: choice.fedNum, name: choice.nameEn },
    mp: { id: choice.representative.id, name: choice.representative.name, email: choice.representative.email },
  };
}

/** The template with the merge fields filled in, the personal paragraph still a placeholder. */
function renderedTemplate(w: Writer): string {
  return renderTemplate(template.body, {
    salutation: `Dear ${w.mp.name},`,
    mp_name: w.mp.name,
    riding: w.riding.name,
    supporter_name: w.name,
    postal_code: w.postalCode,
  });
}

async function saveDraft(w: Writer, opts: { subject?: string; personal?: string } = {}) {
  const body = renderedTemplate(w);
  return saveLetterDraft(
    w.flowId,
    campaignId,
    letterInput({
      representativeId: w.mp.id,
      subject: opts.subject ?? template.subjects[0],
      personal: opts.personal ?? "My family lost two homes in Stepanakert. Please act.",
      body,
    }),
    composeLetter(body, ""),
  );
}

/** Writes and presses "Send": returns the letter id and what submitLetter said. */
async function writeLetter(w: Writer, opts: { subject?: string; personal?: string } = {}) {
  const saved = await saveDraft(w, opts);
  if (!saved.ok) throw new Error(saved.error);
  const submitted = await submitLetter(w.flowId, campaignId, saved.letterId);
  if (!submitted.ok) throw new Error(submitted.error);
  return { letterId: saved.letterId, status: submitted.status };
}

async function letterRow(letterId: string) {
  const db = await getDb();
  const [l] = await db.select().from(letters).where(eq(letters.id, letterId));
  return l;
}

async function eventsOf(letterId: string) {
  const db = await getDb();
  return db.select().from(letterEvents).where(eq(letterEvents.letterId, letterId)).orderBy(asc(letterEvents.id));
}

/* ------------------------------------------------------------------ stories */

describe("a supporter writes to their MP before confirming their email", () => {
  it("holds the letter until the email is confirmed, then sends it to the MP's office exactly once", async () => {
    const w = await signAndChooseRiding({ name: "Mariam Hakobyan" });
    expect(w.mp.email).toMatch(/@parl\.gc\.ca$/);
    const { letterId, status } = await writeLetter(w, { subject: "Arms-export permits need public scrutiny" });
    expect(status).toBe("held");

    // Nothing leaves while the address is unproven, however often the worker runs.
    const mark = await sinkHighWater();
    await processAvailableJobs({ ignoreBackoff: true });
    expect((await letterRow(letterId)).status).toBe("held");
    expect(await listSinkMessages({ to: w.mp.email!, afterId: mark })).toHaveLength(0);

    // Confirmed in the browser that wrote it: the writer proved the address.
    const confirmed = await confirmFromMailbox(w.email, w.flowId);
    expect(confirmed.lettersReleased).toBe(1);
    expect((await letterRow(letterId)).status).toBe("queued");
    await processAvailableJobs();
    await processAvailableJobs({ ignoreBackoff: true });

    const letter = await letterRow(letterId);
    expect(letter.status).toBe("sent");
    expect(letter.attempts).toBe(1);
    expect(letter.lastError).toBeNull();
    const toOffice = await listSinkMessages({ to: w.mp.email!, afterId: mark });
    expect(toOffice).toHaveLength(1);
    const [mail] = toOffice;
    expect(mail.envelopeTo).toEqual([w.mp.email!.toLowerCase()]);
    // The envelope sender is the letter's own return path (VERP): a bounce names the letter.
    expect(mail.envelopeFrom).toBe(verpAddress(letterId));
    expect(mail.envelopeFrom).toMatch(/^bounces\+[0-9a-f-]{36}\.[0-9a-f]{12}@constituent\.test$/);
    expect(headerOf(mail, "From")).toMatch(/^"?Mariam Hakobyan via Constituent"? <letters@constituent\.test>$/);
    expect(headerOf(mail, "Reply-To")).toMatch(new RegExp(`<${w.email.replace(/[.+]/g, "\\$&")}>$`));
    expect(headerOf(mail, "Reply-To")).toContain("Mariam Hakobyan");
    expect(mail.subject).toBe("Arms-export permits need public scrutiny");
    expect(mail.messageId).toBe(letter.messageId);
    expect(headerOf(mail, "Message-ID")).toBe(letter.messageId);
    expect(letter.messageId).toMatch(/^<letter-[0-9a-f-]+@constituent\.test>$/);
    expect(headerOf(mail, "X-Constituent-Campaign")).toBe("drone-sensors-export-oversight");
    expect(headerOf(mail, "X-Constituent-Letter")).toBe(letterId);
    expect(mail.text).toContain(`Dear ${w.mp.name},`);
    expect(mail.text).toContain("My family lost two homes in Stepanakert. Please act.");
    expect(mail.text).toContain(`Constituent of ${w.riding.name} (postal code ${w.postalCode}).`);
    expect(mail.text).toContain("Mariam Hakobyan confirmed this email address with Constituent before this letter was sent.");
    expect(mail.text).not.toContain("{{");
    expect(await mailsWithMessageId(letter.messageId)).toHaveLength(1);

    const events = await eventsOf(letterId);
    expect(events.map((e) => e.status)).toEqual(["held", "queued", "sending", "sent"]);
    for (let i = 1; i < events.length; i++) expect(events[i].at.getTime()).toBeGreaterThanOrEqual(events[i - 1].at.getTime());
    expect(letter.heldAt).toBeInstanceOf(Date);
    expect(letter.queuedAt).toBeInstanceOf(Date);
    expect(letter.sendingAt).toBeInstanceOf(Date);
    expect(letter.sentAt).toBeInstanceOf(Date);
    expect(letter.queuedAt!.getTime()).toBeGreaterThanOrEqual(letter.heldAt!.getTime());

    // Running the worker again sends nothing more.
    await processAvailableJobs({ ignoreBackoff: true });
    expect(await mailsWithMessageId(letter.messageId)).toHaveLength(1);
  });
});

describe("a supporter puts header syntax in their name and subject", () => {
  const injection = "\r\nBcc: evil@example.com";

  it("is refused at signing, and folded to one line in the subject", () => {
    const r = signInputSchema.safeParse({ name: `Eve${injection}`, email: "eve@example.org", residency: "resident", postalCode: "K1A 0A6" });
    expect(r.success).toBe(false);
    const subject = letterInputSchema.shape.subject.parse(`Hello${injection}`);
    expect(subject).toBe("Hello Bcc: evil@example.com");
  });

  it("never adds a header or a recipient to the office's email, even with raw values stored", async () => {
    const w = await signAndChooseRiding({ name: "Eve Mardirossian", confirm: true });
    const { letterId, status } = await writeLetter(w, { subject: `Hello${injection}` });
    expect(status).toBe("queued");
    // Whatever path wrote them, line breaks in stored values must not reach the headers.
    const db = await getDb();
    await db.update(signatures).set({ name: `Eve${injection}` }).where(eq(signatures.id, w.signatureId));
    await db.update(letters).set({ subject: `Hello${injection}` }).where(eq(letters.id, letterId));

    await processAvailableJobs();
    const letter = await letterRow(letterId);
    expect(letter.status).toBe("sent");
    const [mail, ...more] = await mailsWithMessageId(letter.messageId);
    expect(more).toHaveLength(0);
    expect(mail.envelopeTo).toEqual([w.mp.email!.toLowerCase()]);
    expect(Object.keys(mail.headers).map((k) => k.toLowerCase())).not.toContain("bcc");
    expect(mail.subject).toBe("Hello Bcc: evil@example.com");
    for (const [k, v] of Object.entries(mail.headers)) {
      expect(k).not.toMatch(/\s/);
      expect(v).not.toMatch(/[\r\n]/);
    }
    expect(headerOf(mail, "From")).toContain("letters@constituent.test");
    expect(headerOf(mail, "From")).not.toMatch(/<evil@example\.com>/);
    expect(headerOf(mail, "Reply-To")).toMatch(new RegExp(`<${w.email.replace(/[.+]/g, "\\$&")}>$`));
    const db2 = await getDb();
    const toEvil = await db2
      .select({ id: sinkMessages.id })
      .from(sinkMessages)
      .where(sql`${sinkMessages.envelopeTo} @> '["evil@example.com"]'::jsonb`);
    expect(toEvil).toHaveLength(0);
  });
});

describe("a supporter tries to write a second letter to the same MP", () => {
  it("may edit the draft, but once queued or sent the letter can no longer change", async () => {
    const w = await signAndChooseRiding({ confirm: true });
    const first = await saveDraft(w, { personal: "First thoughts." });
    const second = await saveDraft(w, { personal: "Second thoughts." });
    expect(first.ok && second.ok && second.letterId).toBe(first.ok && first.letterId);
    if (!first.ok) return;

    expect(await submitLetter(w.flowId, campaignId, first.letterId)).toEqual({ ok: true, status: "queued" });
    expect((await saveDraft(w, { personal: "Third thoughts." })).ok).toBe(true);
    expect(await submitLetter(w.flowId, campaignId, first.letterId)).toEqual({ ok: false, error: "letter.alreadySent" });

    await processAvailableJobs();
    const letter = await letterRow(first.letterId);
    expect(letter.status).toBe("sent");
    // A new draft to the same office may be written, but sending it sends nothing: the office has one.
    const fourth = await saveDraft(w, { personal: "Fourth thoughts." });
    expect(fourth.ok && (await submitLetter(w.flowId, campaignId, fourth.letterId))).toEqual({ ok: false, error: "letter.alreadySent" });

    const db = await getDb();
    const rows = await db
      .select()
      .from(letters)
      .where(and(eq(letters.signatureId, w.signatureId), eq(letters.representativeId, w.mp.id), sql`${letters.status} <> 'cancelled'`));
    expect(rows).toHaveLength(1);
    const [mail, ...more] = await mailsWithMessageId(letter.messageId);
    expect(more).toHaveLength(0);
    expect(mail.text).toContain("Second thoughts.");
    expect(mail.text).not.toMatch(/Third thoughts|Fourth thoughts/);
  });
});

describe("the mail relay is down while letters are queued", () => {
  it("keeps the letters queued with the reason, and sends each exactly once when the relay is back", async () => {
    const writers = [];
    for (let i = 0; i < 3; i++) writers.push(await signAndChooseRiding({ name: `Outage Writer ${"ABC"[i]}`, confirm: true }));
    const ids: string[] = [];
    for (const w of writers) {
      const { letterId, status } = await writeLetter(w);
      expect(status).toBe("queued");
      ids.push(letterId);
    }

    const port = mailSinkPort();
    expect(port).toBeTypeOf("number");
    await closeMail();
    await stopMailSink();
    // Point the app at the port nobody listens on any more (the sink would otherwise restart itself).
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    resetEnvCache();
    try {
      expect(await processAvailableJobs()).toBe(3);
      for (const id of ids) {
        const l = await letterRow(id);
        expect(l.status).toBe("queued");
        expect(l.attempts).toBe(1);
        expect(l.lastError).toMatch(/network|ECONNREFUSED|connect/i);
        expect(l.sentAt).toBeNull();
        expect((await eventsOf(id)).map((e) => e.status)).toEqual(["queued", "sending", "queued"]);
      }
      // The jobs wait out their backoff: an ordinary run takes nothing.
      expect(await processAvailableJobs()).toBe(0);
    } finally {
      delete process.env.SMTP_URL;
      resetEnvCache();
      await closeMail();
      await startMailSink(port);
    }

    expect(await processAvailableJobs({ ignoreBackoff: true })).toBe(3);
    for (const id of ids) {
      const l = await letterRow(id);
      expect(l.status).toBe("sent");
      expect(l.attempts).toBe(2);
      expect(await mailsWithMessageId(l.messageId)).toHaveLength(1);
      expect((await eventsOf(id)).map((e) => e.status)).toEqual(["queued", "sending", "queued", "sending", "sent"]);
    }
    expect(await processAvailableJobs({ ignoreBackoff: true })).toBe(0);
  });
});

describe("two workers pick up the same letters", () => {
  it("never sends a letter twice: one claim wins, the other is skipped", async () => {
    const writers = [];
    for (let i = 0; i < 3; i++) writers.push(await signAndChooseRiding({ name: `Race Writer ${"ABC"[i]}`, confirm: true }));
    const ids: string[] = [];
    for (const w of writers) ids.push((await writeLetter(w)).letterId);
    // At-least-once delivery: a job may arrive twice (an expired job's retry, a redelivery).
    await jobTransaction(async (tx) => {
      for (const letterId of ids) await enqueueInTx(tx, QUEUES.letter, { letterId });
    });

    // Two workers draining the queue while two more calls race for the first letter directly.
    const [ranA, ranB, directA, directB] = await Promise.all([
      processAvailableJobs({ queues: [QUEUES.letter] }),
      processAvailableJobs({ queues: [QUEUES.letter] }),
      deliverLetter(ids[0], { finalAttempt: false }),
      deliverLetter(ids[0], { finalAttempt: false }),
    ]);
    expect(ranA + ranB).toBe(6); // each job was taken by one worker only
    const direct = [directA, directB];
    expect(direct.filter((o) => o === "sent").length).toBeLessThanOrEqual(1);
    expect(direct).toContain("skipped");
    for (const id of ids) {
      const l = await letterRow(id);
      expect(l.status).toBe("sent");
      expect(l.attempts).toBe(1);
      expect(await mailsWithMessageId(l.messageId)).toHaveLength(1);
      expect((await eventsOf(id)).map((e) => e.status)).toEqual(["queued", "sending", "sent"]);
    }

    // The same race with nothing else running: exactly one winner.
    const w = await signAndChooseRiding({ name: "Race Writer D", confirm: true });
    const { letterId } = await writeLetter(w);
    const outcomes = await Promise.all([
      deliverLetter(letterId, { finalAttempt: false }),
      deliverLetter(letterId, { finalAttempt: false }),
    ]);
    expect([...outcomes].sort()).toEqual(["sent", "skipped"]);
    // Its queued job still runs later, and finds nothing to do.
    expect(await processAvailableJobs({ queues: [QUEUES.letter] })).toBe(1);
    const l = await letterRow(letterId);
    expect(l.status).toBe("sent");
    expect(await mailsWithMessageId(l.messageId)).toHaveLength(1);
  });
});

describe("an MP's office has no email address on file", () => {
  it("fails the letter for good with the reason, and sends nothing", async () => {
    // Yukon has a single riding, used by no other story here.
    const w = await signAndChooseRiding({ postalCode: "Y1A 1A1", confirm: true });
    const db = await getDb();
    await db.update(representatives).set({ email: null }).where(eq(representatives.id, w.mp.id));
    try {
      const { letterId } = await writeLetter(w);
      const mark = await sinkHighWater();
      await processAvailableJobs();
      const l = await letterRow(letterId);
      expect(l.status).toBe("failed");
      expect(l.lastError).toMatch(/no email address/);
      expect(l.failedAt).toBeInstanceOf(Date);
      expect(l.sentAt).toBeNull();
      expect(await mailsWithMessageId(l.messageId)).toHaveLength(0);
      expect(await listSinkMessages({ afterId: mark })).toHaveLength(0);
      expect((await eventsOf(letterId)).map((e) => e.status)).toEqual(["queued", "sending", "failed"]);
      // No retry is left waiting for it.
      expect(await processAvailableJobs({ ignoreBackoff: true })).toBe(0);
    } finally {
      await db.update(representatives).set({ email: w.mp.email }).where(eq(representatives.id, w.mp.id));
    }
  });
});

describe("an MP's office address on file is malformed", () => {
  it("fails the letter for good at once instead of retrying", async () => {
    const w = await signAndChooseRiding({ postalCode: "Y1A 1A1", confirm: true });
    const db = await getDb();
    await db.update(representatives).set({ email: "office at parl.gc.ca" }).where(eq(representatives.id, w.mp.id));
    try {
      const { letterId } = await writeLetter(w);
      await processAvailableJobs();
      const l = await letterRow(letterId);
      expect(l.status).toBe("failed");
      expect(l.lastError).toMatch(/invalid address/);
    } finally {
      await db.update(representatives).set({ email: w.mp.email }).where(eq(representatives.id, w.mp.id));
      // Drain any retry it left, so later stories start from an empty queue.
      const [l] = await db.select().from(letters).where(eq(letters.signatureId, w.signatureId));
      if (l?.status === "queued") await processAvailableJobs({ ignoreBackoff: true });
    }
  });
});

describe("a signature is invalidated", () => {
  it("cancels its held letter, which is never sent even when the email is confirmed later", async () => {
    const w = await signAndChooseRiding();
    const { letterId, status } = await writeLetter(w);
    expect(status).toBe("held");
    const cancelled = await jobTransaction(async (tx) => {
      await tx.update(signatures).set({ status: "invalidated" }).where(eq(signatures.id, w.signatureId));
      return cancelLettersForSignatures(tx, [w.signatureId]);
    });
    expect(cancelled).toBe(1);

    const mark = await sinkHighWater();
    const r = await confirmFromMailbox(w.email, w.flowId);
    expect(r.status).toBe("invalidated");
    expect(r.lettersReleased).toBe(0);
    await processAvailableJobs({ ignoreBackoff: true });
    const l = await letterRow(letterId);
    expect(l.status).toBe("cancelled");
    expect(await mailsWithMessageId(l.messageId)).toHaveLength(0);
    expect(await listSinkMessages({ to: w.mp.email!, afterId: mark })).toHaveLength(0);
    expect((await eventsOf(letterId)).map((e) => [e.status, e.detail])).toEqual([
      ["held", "waiting for the address's owner to approve it"],
      ["cancelled", "signature invalidated"],
    ]);
  });

  it("withdraws a letter already queued before the worker reaches it", async () => {
    const w = await signAndChooseRiding({ confirm: true });
    const { letterId, status } = await writeLetter(w);
    expect(status).toBe("queued");
    await jobTransaction(async (tx) => {
      await tx.update(signatures).set({ status: "invalidated" }).where(eq(signatures.id, w.signatureId));
      await cancelLettersForSignatures(tx, [w.signatureId]);
    });
    await processAvailableJobs({ ignoreBackoff: true });
    const l = await letterRow(letterId);
    expect(l.status).toBe("cancelled");
    expect(l.attempts).toBe(0);
    expect(await mailsWithMessageId(l.messageId)).toHaveLength(0);
  });

  it("keeps a held letter when only the signature's status changes", async () => {
    const w = await signAndChooseRiding();
    const { letterId } = await writeLetter(w);
    const db = await getDb();
    await db.update(signatures).set({ status: "invalidated" }).where(eq(signatures.id, w.signatureId));
    const r = await confirmFromMailbox(w.email, w.flowId);
    expect(r.lettersReleased).toBe(0);
    await processAvailableJobs({ ignoreBackoff: true });
    const l = await letterRow(letterId);
    expect(l.status).toBe("held");
    expect(await mailsWithMessageId(l.messageId)).toHaveLength(0);
  });

  it("withdraws a queued letter at send time when the signature was invalidated by any other path", async () => {
    const w = await signAndChooseRiding({ confirm: true });
    const { letterId, status } = await writeLetter(w);
    expect(status).toBe("queued");
    const db = await getDb();
    await db.update(signatures).set({ status: "invalidated" }).where(eq(signatures.id, w.signatureId));
    await processAvailableJobs({ ignoreBackoff: true });
    const l = await letterRow(letterId);
    expect(l.status).toBe("cancelled");
    expect(await mailsWithMessageId(l.messageId)).toHaveLength(0);
  });
});

describe("a supporter tries to write to an MP the campaign does not target", () => {
  it("is refused, and no letter is stored", async () => {
    const w = await signAndChooseRiding();
    const other = await findRidingsForPostalCode("Y1A 1A1");
    if (!other.ok) throw new Error("lookup failed");
    const body = renderedTemplate(w);
    const r = await saveLetterDraft(w.flowId, campaignId, letterInput({ representativeId: other.candidates[0].representative!.id, subject: "Hello", personal: "", body }), body);
    expect(r).toEqual({ ok: false, error: "letter.notATarget" });
    const db = await getDb();
    expect(await db.select().from(letters).where(eq(letters.signatureId, w.signatureId))).toHaveLength(0);
  });
});

describe("an MP's office reaches its daily cap", () => {
  it("receives no more than the cap today; the rest wait for tomorrow with the reason shown", async () => {
    process.env.LETTER_DAILY_CAP_PER_OFFICE = "2";
    resetEnvCache();
    try {
      const writers = [];
      for (let i = 0; i < 3; i++) writers.push(await signAndChooseRiding({ postalCode: "L7R 1A1", confirm: true }));
      const ids = [];
      for (const w of writers) ids.push((await writeLetter(w)).letterId);
      await processAvailableJobs();
      const rows = await Promise.all(ids.map(letterRow));
      expect(rows.filter((l) => l.status === "sent")).toHaveLength(2);
      const waiting = rows.filter((l) => l.status === "queued");
      expect(waiting).toHaveLength(1);
      expect(waiting[0].lastError).toMatch(/daily cap of 2 letters/);
      // Nothing more is due today; tried early anyway, it is deferred again: the office's day is not over.
      expect(await processAvailableJobs()).toBe(0);
      expect(await deliverLetter(waiting[0].id, { finalAttempt: false })).toBe("deferred");
      expect((await letterRow(waiting[0].id)).status).toBe("queued");
      expect(await mailsWithMessageId(waiting[0].messageId)).toHaveLength(0);
    } finally {
      delete process.env.LETTER_DAILY_CAP_PER_OFFICE;
      resetEnvCache();
    }
  });
});

describe("the platform suspends the campaign's organization", () => {
  it("holds its letters (with the reason shown) and sends them once it is reinstated", async () => {
    const w = await signAndChooseRiding({ postalCode: "K1A 0A6", confirm: true });
    const db = await getDb();
    const [{ organizationId }] = await db
      .select({ organizationId: campaigns.organizationId })
      .from(signatures)
      .innerJoin(campaigns, eq(campaigns.id, signatures.campaignId))
      .where(eq(signatures.id, w.signatureId));
    await db.update(organizations).set({ suspendedAt: new Date(), suspendedReason: "test" }).where(eq(organizations.id, organizationId));
    try {
      const { letterId } = await writeLetter(w);
      await processAvailableJobs();
      const held = await letterRow(letterId);
      expect(held.status).toBe("queued");
      expect(held.lastError).toMatch(/organization suspended/);
      expect(await mailsWithMessageId(held.messageId)).toHaveLength(0);
      // Reinstated: the hourly recheck (run early here) sends it.
      await db.update(organizations).set({ suspendedAt: null, suspendedReason: null }).where(eq(organizations.id, organizationId));
      expect(await deliverLetter(letterId, { finalAttempt: false })).toBe("sent");
      expect(await mailsWithMessageId(held.messageId)).toHaveLength(1);
    } finally {
      await db.update(organizations).set({ suspendedAt: null, suspendedReason: null }).where(eq(organizations.id, organizationId));
    }
  });
});
