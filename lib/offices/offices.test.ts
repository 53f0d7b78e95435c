import { and, eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, campaigns, letters, offices, organizations, representatives } from "@/db/schema";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { confirmFromMailbox, demoCampaign, letterInput, sign, sinkHighWater, uniqueEmail } from "@/test/journey";
import { getLetterTemplate, type LetterTemplate } from "@/lib/campaigns/public";
import { applyImport, previewImport } from "@/lib/directory/import-apply";
import { findRidingsForPostalCode } from "@/lib/directory/representatives";
import { saveLetterDraft } from "@/lib/letters/compose";
import { deliverLetter } from "@/lib/letters/deliver";
import { submitLetter } from "@/lib/letters/lifecycle";
import { composeLetter, renderTemplate } from "@/lib/letters/text";
import { QUEUES } from "@/lib/jobs/queue";
import { processAvailableJobs } from "@/lib/jobs/worker";
import { getActorForUser } from "@/lib/organizer/organizations";
import { getDb } from "@/lib/server/db";
import { resetEnvCache } from "@/lib/server/env";
import { listSinkMessages } from "@/lib/server/mail-sink";
import { chooseFlowRiding } from "@/lib/signing/flows";
import { GET as bounceGet, POST as bounceWebhook } from "@/app/api/bounces/route";
import { handleDsn, letterFromVerp, parseDsn, startBounceListener, stopBounceListener, verpAddress } from "./bounces";
import { digestCsv, sendDueDigests, type DigestLetter } from "./digest";
import { loadOfficeInbox } from "./inbox";
import { nextDigestAt, officeFromLinkToken } from "./offices";
import { confirmOfficePreferences, getOfficePage, requestOfficePreferences } from "./preferences";
import { users, memberships } from "@/db/schema";

let template: LetterTemplate;
let campaignId: string;
const SECRET = "a-shared-secret-for-the-bounce-webhook-0123456789";

beforeAll(async () => {
  process.env.BOUNCE_WEBHOOK_SECRET = SECRET;
  resetEnvCache();
  await useFreshDatabase();
  const campaign = await demoCampaign();
  campaignId = campaign.id;
  template = (await getLetterTemplate(campaign.id, "en"))!;
});
afterAll(async () => {
  delete process.env.BOUNCE_WEBHOOK_SECRET;
  resetEnvCache();
  await stopBounceListener();
  await resetRuntime();
});

/** A supporter of the demo campaign signs with this postal code, confirms, writes, and presses Send. */
async function confirmedLetter(postalCode: string, opts: { name?: string; personal?: string } = {}) {
  const email = uniqueEmail();
  const name = opts.name ?? "Mariam Hakobyan";
  const s = await sign({ email, name, postalCode });
  await processAvailableJobs({ queues: [QUEUES.confirmationMail] });
  const { flowId } = await confirmFromMailbox(email, s.flowId);
  const lookup = await findRidingsForPostalCode(postalCode);
  if (!lookup.ok) throw new Error(lookup.error);
  const choice = lookup.candidates.find((c) => c.representative !== null)!;
  expect(await chooseFlowRiding(flowId!, campaignId, choice.fedNum)).toBe(true);
  const mp = choice.representative!;
  const body = renderTemplate(template.body, { salutation: `Dear ${mp.name},`, mp_name: mp.name, riding: choice.nameEn, supporter_name: name, postal_code: postalCode });
  const saved = await saveLetterDraft(flowId!, campaignId, letterInput({ representativeId: mp.id, subject: template.subjects[0], personal: opts.personal ?? "", body }), composeLetter(body, ""));
  if (!saved.ok) throw new Error(saved.error);
  const submitted = await submitLetter(flowId!, campaignId, saved.letterId);
  if (!submitted.ok) throw new Error(submitted.error);
  expect(submitted.status).toBe("queued");
  return { letterId: saved.letterId, email, name, mp: { id: mp.id, name: mp.name, email: mp.email!.toLowerCase() }, fedNum: choice.fedNum };
}

function inboxRow(email: string): DigestLetter {
  return { id: "x", campaignId: "c", campaignTitle: "T", organizationName: "O", subject: "S", text: "Hello", name: "N", email, postalCode: "S4P 3Y2", ridingFedNum: null, ridingName: null, personal: false, writtenAt: new Date(), locale: "en" };
}

async function letterRow(id: string) {
  const [l] = await (await getDb()).select().from(letters).where(eq(letters.id, id));
  return l;
}

async function platformOwner() {
  const db = await getDb();
  const [org] = await db.insert(organizations).values({ name: "Platform", slug: `platform-${Date.now()}`, isPlatformAdmin: true }).returning();
  const [u] = await db.insert(users).values({ email: uniqueEmail("owner") }).returning({ id: users.id });
  await db.insert(memberships).values({ organizationId: org.id, userId: u.id, role: "owner" });
  return (await getActorForUser(u.id, org.slug))!;
}

/** A DSN as Postfix writes it (RFC 3464): multipart/report with the delivery status and the returned headers. */
function dsn(opts: { to: string; recipient: string; status: string; action: string; letterId: string }): Buffer {
  return Buffer.from(
    [
      "From: Mail Delivery System <MAILER-DAEMON@mx.parl.example>",
      `To: ${opts.to}`,
      "Subject: Undelivered Mail Returned to Sender",
      "Date: Wed, 2 Dec 2026 10:00:00 -0500",
      "MIME-Version: 1.0",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B0UNDARY"',
      "",
      "--B0UNDARY",
      "Content-Type: text/plain; charset=us-ascii",
      "",
      "This is the mail system at host mx.parl.example. Your message could not be delivered.",
      "",
      "--B0UNDARY",
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.parl.example",
      "Arrival-Date: Wed, 2 Dec 2026 09:59:58 -0500",
      "",
      `Final-Recipient: rfc822; ${opts.recipient}`,
      `Original-Recipient: rfc822;${opts.recipient}`,
      `Action: ${opts.action}`,
      `Status: ${opts.status}`,
      `Diagnostic-Code: smtp; 550 ${opts.status} <${opts.recipient}>: Recipient address rejected:`,
      "    User unknown in virtual mailbox table",
      "",
      "--B0UNDARY",
      "Content-Type: text/rfc822-headers",
      "",
      'From: "Mariam Hakobyan via Constituent" <letters@constituent.localhost>',
      `To: ${opts.recipient}`,
      "Subject: Arms exports",
      `X-Constituent-Letter: ${opts.letterId}`,
      "",
      "--B0UNDARY--",
      "",
    ].join("\r\n"),
  );
}

describe("an office chooses a daily digest", () => {
  it("gets no single letters after confirming from its own mailbox, then one digest with exactly the letters written since, and a CSV", async () => {
    // S4P: Regina—Wascana, one riding.
    const first = await confirmedLetter("S4P 3Y2", { name: "Ani Petrosyan" });
    expect(await deliverLetter(first.letterId, { finalAttempt: false })).toBe("sent");
    const office = first.mp.email;
    const letter = (await listSinkMessages({ to: office, limit: 5 })).find((m) => m.headers["X-Constituent-Letter"] === first.letterId)!;
    // The letter's envelope sender names it (VERP), and its footer carries the office's link.
    expect(letterFromVerp(verpAddress(first.letterId))).toBe(first.letterId);
    const token = /\/office\/preferences\/([A-Za-z0-9_.-]+)/.exec(letter.text ?? "")![1];
    expect(officeFromLinkToken(token)).toBe(office);
    expect(officeFromLinkToken(token.replace(/.$/, (c) => (c === "a" ? "b" : "a")))).toBeNull();
    // A MAC of the right length in other characters is refused, not an error.
    expect(officeFromLinkToken(`${token.split(".")[0]}.${"é".repeat(32)}`)).toBeNull();

    // Asking changes nothing; the office's mailbox gets a link that does.
    expect(await requestOfficePreferences(token, { delivery: "daily", hour: 9, weekday: 1 }, "en")).toBe("requested");
    await processAvailableJobs({ queues: [QUEUES.officeMail] });
    const db = await getDb();
    expect((await db.select().from(offices).where(eq(offices.email, office)))[0]?.delivery ?? "each").toBe("each");
    const confirmMail = (await listSinkMessages({ to: office, limit: 5 })).find((m) => m.subject === "Confirm how letters reach your office")!;
    expect(confirmMail.text).toContain("one daily digest at 09:00 (Ottawa time)");
    const sealed = /\/office\/confirm\/([A-Za-z0-9_-]+)/.exec(confirmMail.text ?? "")![1];
    const applied = await confirmOfficePreferences(sealed);
    expect(applied.ok).toBe(true);
    const [row] = await db.select().from(offices).where(eq(offices.email, office));
    expect(row).toMatchObject({ delivery: "daily", digestHour: 9 });
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.targetId, office), eq(auditLog.action, "office.preferences_changed")));
    expect(audit).toHaveLength(1);

    // Two letters after that: one from the template, one in the writer's own words. None leaves alone.
    const mark = await sinkHighWater();
    const a = await confirmedLetter("S4P 3Y2", { name: "Garine Ohanian" });
    const b = await confirmedLetter("S4P 3Y2", { name: "Raffi Kazandjian", personal: "I worked at a plant that made these sensors, and I want the permits reviewed in public, every one of them." });
    await processAvailableJobs({ queues: [QUEUES.letter], ignoreBackoff: true });
    expect(await listSinkMessages({ to: office, afterId: mark })).toHaveLength(0);
    const waiting = await letterRow(a.letterId);
    expect(waiting.status).toBe("queued");
    expect(waiting.digestDueAt).not.toBeNull();
    expect(new Intl.DateTimeFormat("en-CA", { timeZone: "America/Toronto", hour: "numeric", hourCycle: "h23" }).format(waiting.digestDueAt!)).toMatch(/^0?9$/);

    // Not due yet: nothing. Forced (the command): one digest with exactly those two.
    expect(await sendDueDigests()).toEqual({ digests: 0, letters: 0 });
    expect(await sendDueDigests({ office, force: true })).toEqual({ digests: 1, letters: 2 });
    const digests = await listSinkMessages({ to: office, afterId: mark });
    expect(digests).toHaveLength(1);
    const d = digests[0];
    expect(d.subject).toMatch(/^Letters from constituents: 2 /);
    expect(d.headers["List-Unsubscribe"]).toBeUndefined();
    expect(d.text).toContain("2 verified constituents of your riding wrote.");
    expect(d.text).toContain("1 letter is the campaign's own text, word for word, shown once as Garine Ohanian sent it");
    expect(d.text).toContain(`Garine Ohanian, S4P 3Y2 <${a.email}>`);
    expect(d.text).toContain("I worked at a plant that made these sensors");
    expect(d.text).not.toContain("Ani Petrosyan");
    expect(d.text).toMatch(/Choose how letters reach your office: http:\/\/\S+\/office\/preferences\//);
    expect(d.html).toContain("<blockquote");
    expect(d.headers["Content-Type"]).toMatch(/multipart\/mixed/);
    for (const l of [a, b]) {
      const r = await letterRow(l.letterId);
      expect(r.status).toBe("sent");
      expect(r.digestId).not.toBeNull();
    }
    // The CSV attached: one row per letter, formulas neutralised like every export.
    const csv = digestCsv([{ ...inboxRow(a.email), name: "=HYPERLINK(\"x\")" }]);
    expect(csv.split("\r\n")).toHaveLength(3);
    expect(csv.split("\r\n")[0]).toBe("campaign,kind,name,email,postal_code,riding,subject,letter,written_on");
    expect(csv).toContain("'=HYPERLINK");
    // A link we did not make shows nothing.
    expect(await getOfficePage(`${token.split(".")[0]}.${"0".repeat(32)}`)).toBeNull();
    expect((await getOfficePage(token))?.email).toBe(office);

    // Nothing left: a second run sends nothing.
    expect(await sendDueDigests({ office, force: true })).toEqual({ digests: 0, letters: 0 });

    // The office's inbox has all three, the digest's marked.
    const inbox = await loadOfficeInbox(office, { page: 1 }, "en");
    expect(inbox.total).toBe(3);
    expect(inbox.letters.filter((l) => l.inDigestOf)).toHaveLength(2);
    expect((await loadOfficeInbox(office, { page: 1, q: "plant that made" }, "en")).letters.map((l) => l.name)).toEqual(["Raffi Kazandjian"]);

    // A bounce of the digest (its return path names its first letter) sends every letter it carried back to waiting.
    const carried = (await letterRow(a.letterId)).digestId!;
    const dsnTo = verpAddress(a.letterId);
    // A report about another address (a forwarding mailbox) is ignored.
    expect(await handleDsn(dsn({ to: dsnTo, recipient: "staffer@elsewhere.example", status: "5.1.1", action: "failed", letterId: a.letterId }), { trusted: false })).toEqual({ hard: 0, soft: 0, ignored: 1 });
    expect(await handleDsn(dsn({ to: dsnTo, recipient: office, status: "5.1.1", action: "failed", letterId: a.letterId }), { trusted: false })).toEqual({ hard: 1, soft: 0, ignored: 0 });
    for (const l of [a, b]) expect(await letterRow(l.letterId)).toMatchObject({ status: "queued", digestId: null });
    expect(carried).not.toBeNull();
    await db.update(offices).set({ bouncedAt: null, bounceDetail: null }).where(eq(offices.email, office));

    // A suspended organization's letters wait, in a digest as one by one.
    const c = await confirmedLetter("S4P 3Y2", { name: "Shant Derderian" });
    await processAvailableJobs({ queues: [QUEUES.letter], ignoreBackoff: true });
    expect((await letterRow(c.letterId)).digestDueAt).not.toBeNull();
    const [camp] = await db.select({ organizationId: campaigns.organizationId }).from(campaigns).where(eq(campaigns.id, campaignId));
    await db.update(organizations).set({ suspendedAt: new Date(), suspendedReason: "test" }).where(eq(organizations.id, camp.organizationId));
    expect(await sendDueDigests({ office, force: true })).toEqual({ digests: 0, letters: 0 });
    await db.update(organizations).set({ suspendedAt: null, suspendedReason: null }).where(eq(organizations.id, camp.organizationId));
    expect(await sendDueDigests({ office, force: true })).toEqual({ digests: 1, letters: 1 });
  });

  it("a digest goes at the office's hour, Ottawa time, across daylight saving", () => {
    // 2026-03-07 is the Saturday before clocks go forward (EST → EDT).
    const daily = nextDigestAt({ delivery: "daily", digestHour: 8, digestWeekday: 1 }, new Date("2026-03-07T14:00:00Z"));
    expect(daily.toISOString()).toBe("2026-03-08T12:00:00.000Z"); // 8:00 EDT
    const weekly = nextDigestAt({ delivery: "weekly", digestHour: 17, digestWeekday: 5 }, new Date("2026-12-02T15:30:00Z"));
    expect(weekly.toISOString()).toBe("2026-12-04T22:00:00.000Z"); // Friday 17:00 EST
    const tomorrow = nextDigestAt({ delivery: "daily", digestHour: 23, digestWeekday: 1 }, new Date("2026-12-02T15:00:00Z"), { notBeforeNextDay: true });
    expect(tomorrow.toISOString()).toBe("2026-12-04T04:00:00.000Z"); // Thursday 23:00 EST, not Wednesday's
  });
});

describe("bounces", () => {
  it("reads a real DSN from the inbound listener: the address is marked, the letter waits, and a corrected address in an import releases it", async () => {
    // R3A: Winnipeg Centre.
    const w = await confirmedLetter("R3A 0A1", { name: "Sevan Nersessian" });
    expect(await deliverLetter(w.letterId, { finalAttempt: false })).toBe("sent");
    const port = await startBounceListener({ port: 0, host: "127.0.0.1" });
    const client = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
    // A stranger's address is refused: the listener is nobody's inbox.
    await expect(client.sendMail({ envelope: { from: "", to: "someone@constituent.localhost" }, raw: "Subject: hi\r\n\r\nhi\r\n" })).rejects.toThrow(/550/);
    await expect(client.sendMail({ envelope: { from: "", to: `bounces+${w.letterId}.000000000000@constituent.localhost` }, raw: "Subject: hi\r\n\r\nhi\r\n" })).rejects.toThrow(/550/);
    const raw = dsn({ to: verpAddress(w.letterId), recipient: w.mp.email, status: "5.1.1", action: "failed", letterId: w.letterId });
    await client.sendMail({ envelope: { from: "", to: verpAddress(w.letterId) }, raw });
    client.close();

    const db = await getDb();
    const [office] = await db.select().from(offices).where(eq(offices.email, w.mp.email));
    expect(office.bouncedAt).not.toBeNull();
    expect(office.bounceDetail).toContain("5.1.1");
    const bounced = await letterRow(w.letterId);
    expect(bounced.status).toBe("queued");
    expect(bounced.bouncedAt).not.toBeNull();

    // The next letter to that office waits instead of bouncing.
    const mark = await sinkHighWater();
    const next = await confirmedLetter("R3A 0A1", { name: "Lori Avakian" });
    await processAvailableJobs({ queues: [QUEUES.letter], ignoreBackoff: true });
    expect((await letterRow(next.letterId)).lastError).toMatch(/^office address bounced on \d{4}-\d\d-\d\d; waiting for a corrected address$/);
    expect(await listSinkMessages({ to: w.mp.email, afterId: mark })).toHaveLength(0);

    // The platform's owner imports a corrected address: both go there, and only there.
    const owner = await platformOwner();
    const [rep] = await db.select().from(representatives).where(and(eq(representatives.ridingFedNum, w.fedNum), eq(representatives.current, true)));
    const csv = `fed_num,name,email\n${w.fedNum},${rep.name},winnipeg.centre.office@parl.example\n`;
    const preview = await previewImport(owner, csv, "2026-12-01");
    if (!preview.ok) throw new Error(preview.error);
    expect(await applyImport(owner, csv, "2026-12-01", preview.diff.hash)).toMatchObject({ ok: true, changed: 1 });
    await processAvailableJobs({ queues: [QUEUES.letter], ignoreBackoff: true });
    const corrected = await listSinkMessages({ to: "winnipeg.centre.office@parl.example", afterId: mark });
    expect(corrected.map((m) => m.headers["X-Constituent-Letter"]).sort()).toEqual([w.letterId, next.letterId].sort());
    expect(await listSinkMessages({ to: w.mp.email, afterId: mark })).toHaveLength(0);
    expect((await letterRow(next.letterId)).deliveredTo).toBe("winnipeg.centre.office@parl.example");
  });

  it("reads the same DSN from the relay's webhook, only with the shared secret; a 4.x.x delay changes nothing", async () => {
    const w = await confirmedLetter("S7N 0W8", { name: "Hovig Tashjian" });
    expect(await deliverLetter(w.letterId, { finalAttempt: false })).toBe("sent");
    const post = (body: Buffer, auth?: string) =>
      bounceWebhook(new Request("http://localhost/api/bounces", { method: "POST", headers: { "content-type": "message/rfc822", ...(auth ? { authorization: auth } : {}) }, body: new Uint8Array(body) }));
    // The relay posts the report it received (addressed to the VERP return path).
    const delayed = dsn({ to: verpAddress(w.letterId), recipient: w.mp.email, status: "4.4.1", action: "delayed", letterId: w.letterId });
    const hard = dsn({ to: verpAddress(w.letterId), recipient: w.mp.email, status: "5.1.1", action: "failed", letterId: w.letterId });
    expect((await post(hard)).status).toBe(401);
    expect((await post(hard, "Bearer not-the-secret-not-the-secret-not-the-secret")).status).toBe(401);
    expect((await bounceGet()).status).toBe(405);
    const soft = await post(delayed, `Bearer ${SECRET}`);
    expect(soft.status).toBe(200);
    expect(await soft.json()).toEqual({ hard: 0, soft: 1, ignored: 0 });
    expect((await letterRow(w.letterId)).status).toBe("sent");
    const r = await post(hard, `Bearer ${SECRET}`);
    expect(await r.json()).toEqual({ hard: 1, soft: 0, ignored: 0 });
    expect((await letterRow(w.letterId)).status).toBe("queued");
    const db = await getDb();
    expect((await db.select().from(offices).where(eq(offices.email, w.mp.email)))[0].bouncedAt).not.toBeNull();
  });

  it("parses the recipient, action and status of an RFC 3464 report, and ignores a report naming no letter of ours", async () => {
    const id = "6f1c0c52-1111-4c1d-9c52-123456789abc";
    const parsed = await parseDsn(dsn({ to: "someone@example.org", recipient: "old.mp@parl.example", status: "5.1.1", action: "failed", letterId: id }));
    expect(parsed.recipients).toEqual([{ finalRecipient: "old.mp@parl.example", action: "failed", status: "5.1.1", diagnostic: expect.stringContaining("User unknown in virtual mailbox table") }]);
    expect(parsed.returnedLetterId).toBe(id);
    // From the open listener, the returned headers alone name nothing: only a VERP address does.
    expect(await handleDsn(dsn({ to: "someone@example.org", recipient: "x@parl.example", status: "5.1.1", action: "failed", letterId: id }), { trusted: false })).toEqual({ hard: 0, soft: 0, ignored: 1 });
  });

  it("a relay that refuses the office address at RCPT (550) marks it bounced, and the letter waits", async () => {
    const w = await confirmedLetter("S6V 1A1", { name: "Talar Boyajian" });
    const db = await getDb();
    const [rep] = await db.select().from(representatives).where(eq(representatives.id, w.mp.id));
    // The local sink refuses any address under .invalid, as an office's server refuses an unknown mailbox.
    await db.update(representatives).set({ email: "closed.office@parl.invalid" }).where(eq(representatives.id, rep.id));
    expect(await deliverLetter(w.letterId, { finalAttempt: false })).toBe("failed");
    const l = await letterRow(w.letterId);
    expect(l.status).toBe("queued");
    expect(l.bouncedAt).not.toBeNull();
    const [office] = await db.select().from(offices).where(eq(offices.email, "closed.office@parl.invalid"));
    expect(office.bounceDetail).toMatch(/^550/);
    await db.update(representatives).set({ email: rep.email }).where(eq(representatives.id, rep.id));
  });

  it("a letter queued to an MP who has since been replaced in the directory goes to the new member's office", async () => {
    const w = await confirmedLetter("S0C 0A0", { name: "Arpi Manoukian" });
    const owner = await platformOwner();
    const csv = `fed_num,name,email\n${w.fedNum},Alexandra Newmember,alexandra.newmember@parl.example\n`;
    const preview = await previewImport(owner, csv, "2026-12-01");
    if (!preview.ok) throw new Error(preview.error);
    expect(await applyImport(owner, csv, "2026-12-01", preview.diff.hash)).toMatchObject({ ok: true, added: 1 });
    const mark = await sinkHighWater();
    expect(await deliverLetter(w.letterId, { finalAttempt: false })).toBe("sent");
    const toNew = await listSinkMessages({ to: "alexandra.newmember@parl.example", afterId: mark });
    expect(toNew.map((m) => m.headers["X-Constituent-Letter"])).toEqual([w.letterId]);
    expect(await listSinkMessages({ to: w.mp.email, afterId: mark })).toHaveLength(0);
  });
});
