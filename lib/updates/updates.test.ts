import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { auditLog, organizations, signatures, signingFlows } from "@/db/schema";
import { DEMO_ORGANIZER_EMAIL, DEMO_OTHER_OWNER_EMAIL, DEMO_OTHER_ORG_SLUG } from "@/db/seed";
import { processAvailableJobs } from "@/lib/jobs/worker";
import { type Actor } from "@/lib/organizer/organizations";
import { getDb } from "@/lib/server/db";
import { resetEnvCache } from "@/lib/server/env";
import { listSinkMessages } from "@/lib/server/mail-sink";
import { createSignature, signInputSchema } from "@/lib/signing/sign";
import { unsubscribeByToken } from "@/lib/signing/status";
import { withdrawSignature } from "@/lib/signing/withdraw";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { actorByEmail, addMember, confirmFromMailbox, demoCampaign, headerOf, manageTokenFor, sinkHighWater, uniqueEmail, uniqueIp } from "@/test/journey";
import { QUEUES } from "@/lib/jobs/queue";
import { getUpdate, listUpdates, requestTestSend, saveUpdateAudience, saveUpdateContent, sendUpdate, updateContentSchema, type UpdateContentInput } from "./updates";

let demo: Awaited<ReturnType<typeof demoCampaign>>;
let owner: Actor;
let editor: Actor;
let viewer: Actor;
let stranger: Actor;
const people: Record<string, { email: string; signatureId: string }> = {};


/** A supporter signs the demo campaign in a language, ticking "keep me informed" or not, and confirms or not. */
async function supporter(key: string, opts: { locale: string; consent: boolean; confirm: boolean; riding?: string }) {
  const email = uniqueEmail(key);
  const input = signInputSchema.parse({ name: `Supporter ${key}`, email, residency: "resident", postalCode: "K1A 0A6", consent: opts.consent });
  const r = await createSignature(input, { campaignSlug: demo.slug, locale: opts.locale, ip: uniqueIp() });
  if (!r.ok) throw new Error(r.error);
  await processAvailableJobs({ queues: [QUEUES.confirmationMail] });
  const db = await getDb();
  const [f] = await db.select({ id: signingFlows.signatureId }).from(signingFlows).where(eq(signingFlows.id, r.flowId));
  const s = { id: f.id as string };
  if (opts.confirm) await confirmFromMailbox(email, r.flowId);
  // The riding the supporter chose on the riding step (the step itself is tested in lib/signing).
  if (opts.riding) await db.update(signatures).set({ ridingFedNum: opts.riding }).where(eq(signatures.id, s.id));
  people[key] = { email, signatureId: s.id };
}

function content(overrides: Partial<Record<keyof UpdateContentInput, string>> = {}): UpdateContentInput {
  return updateContentSchema.parse({
    subject_en: "The permits are back in committee",
    body_en: "Thank you. **Write again** before Thursday: [the hearing](https://www.ourcommons.ca/).",
    subject_fr: "Les licences reviennent en comité",
    body_fr: "Merci. **Écrivez de nouveau** avant jeudi.",
    subject_hy: "Թույլտվությունները կրկին հանձնաժողովում են",
    body_hy: "Շնորհակալություն։",
    ...overrides,
  });
}

async function draft(actor: Actor = editor, c = content()): Promise<string> {
  const r = await saveUpdateContent(actor, demo.id, null, c, "en");
  if (!r.ok) throw new Error(r.error);
  return r.id;
}

async function setSender(contactEmail: string | null, mailingAddress: string | null) {
  const db = await getDb();
  await db.update(organizations).set({ contactEmail, mailingAddress }).where(eq(organizations.id, demo.organizationId));
}

/** Runs the update queues until nothing is due (each batch queues the next one UPDATE_BATCH_SECONDS later). */
async function drainUpdates(opts: { ignoreBackoff?: boolean } = {}) {
  for (let i = 0; i < 20; i++) {
    const ran = await processAvailableJobs({ queues: [QUEUES.updateBatch, QUEUES.updateTestMail], ignoreBackoff: opts.ignoreBackoff });
    if (ran === 0) break;
  }
}

beforeAll(async () => {
  await useFreshDatabase();
  demo = await demoCampaign();
  const db = await getDb();
  const [org] = await db.select({ slug: organizations.slug }).from(organizations).where(eq(organizations.id, demo.organizationId));
  owner = await actorByEmail(DEMO_ORGANIZER_EMAIL, org.slug);
  editor = await addMember("editor@updates.example", demo.organizationId, org.slug, "editor");
  viewer = await addMember("viewer@updates.example", demo.organizationId, org.slug, "viewer");
  stranger = await actorByEmail(DEMO_OTHER_OWNER_EMAIL, DEMO_OTHER_ORG_SLUG);
  // Quebec: Papineau (24054); Ontario: Ottawa Centre (35079).
  await supporter("ani", { locale: "en", consent: true, confirm: true, riding: "35079" });
  await supporter("benoit", { locale: "fr", consent: true, confirm: true, riding: "24054" });
  await supporter("pending", { locale: "en", consent: true, confirm: false });
  await supporter("silent", { locale: "en", consent: false, confirm: true });
  await supporter("armen", { locale: "hy", consent: true, confirm: true, riding: "35079" });
  await setSender("contact@demo.example", "100 Rue Sparks\nOttawa ON K1P 5B7");
});
afterAll(resetRuntime);
afterEach(() => {
  delete process.env.UPDATE_MAILS_PER_MINUTE;
  resetEnvCache();
});

describe("an editor writes an update to the supporters who asked for news", () => {
  it("needs a subject and a message in each of the campaign's languages, and keeps what was typed otherwise", async () => {
    const r = await saveUpdateContent(editor, demo.id, null, content({ subject_fr: "", body_hy: "  " }), "en");
    expect(r).toEqual({ ok: false, error: "invalid", errors: { subject_fr: "subject.required", body_hy: "body.required" } });
    // A subject cannot carry a header: line breaks fold to spaces.
    expect(content({ subject_en: "Hello\r\nBcc: spy@example.net" }).subject_en).toBe("Hello Bcc: spy@example.net");
  });

  it("is invisible to a viewer and to another organization, and counts only confirmed, consenting, subscribed supporters", async () => {
    const id = await draft();
    expect(await listUpdates(viewer, demo.id, "en")).toBeNull();
    expect(await getUpdate(viewer, demo.id, id, "en")).toBeNull();
    expect(await getUpdate(stranger, demo.id, id, "en")).toBeNull();
    expect(await sendUpdate(stranger, demo.id, id)).toEqual({ ok: false, error: "not_found" });
    const u = await getUpdate(editor, demo.id, id, "en");
    // ani, benoit and armen: not the unconfirmed signer, not the one who did not tick the box.
    expect(u?.audienceSize).toBe(3);
    expect(u?.ridingChoices.map((r) => [r.fedNum, r.reachable])).toEqual([
      ["35079", 2],
      ["24054", 1],
    ]);
    await saveUpdateAudience(editor, demo.id, id, { provinces: ["QC"], ridings: [] });
    expect((await getUpdate(editor, demo.id, id, "en"))?.audienceSize).toBe(1);
    await saveUpdateAudience(editor, demo.id, id, { provinces: [], ridings: ["35079"] });
    expect((await getUpdate(editor, demo.id, id, "en"))?.audienceSize).toBe(2);
  });

  it("cannot be sent before the organization's contact and mailing address are set (CASL)", async () => {
    await setSender("contact@demo.example", null);
    const id = await draft();
    expect(await sendUpdate(editor, demo.id, id)).toEqual({ ok: false, error: "sender" });
    await setSender("contact@demo.example", "100 Rue Sparks\nOttawa ON K1P 5B7");
  });

  it("a test goes to the member's own address only, once per language, marked as a test", async () => {
    const id = await draft();
    const before = await sinkHighWater();
    expect(await requestTestSend(editor, demo.id, id)).toEqual({ ok: true });
    await drainUpdates();
    const mails = await listSinkMessages({ afterId: before });
    expect(mails.map((m) => m.envelopeTo).flat()).toEqual(["editor@updates.example", "editor@updates.example", "editor@updates.example"]);
    expect(mails.map((m) => m.subject).sort()).toEqual(["[Essai] Les licences reviennent en comité", "[Test] The permits are back in committee", "[Փորձ] Թույլտվությունները կրկին հանձնաժողովում են"]);
    expect((await getUpdate(editor, demo.id, id, "en"))?.status).toBe("draft");
  });

  it("reaches exactly the consenting, subscribed supporters, each in their language, with one-click unsubscribe and the sender's details", async () => {
    const id = await draft();
    const before = await sinkHighWater();
    const r = await sendUpdate(editor, demo.id, id);
    expect(r).toEqual({ ok: true, recipients: 3 });
    // Sent once: a second press changes nothing.
    expect(await sendUpdate(editor, demo.id, id)).toEqual({ ok: false, error: "not_draft" });
    expect(await saveUpdateContent(editor, demo.id, id, content(), "en")).toEqual({ ok: false, error: "not_draft" });
    await drainUpdates();
    const mails = await listSinkMessages({ afterId: before });
    const to = (key: string) => mails.filter((m) => (m.envelopeTo as string[]).includes(people[key].email.toLowerCase()));
    expect(mails).toHaveLength(3);
    expect(to("ani").map((m) => m.subject)).toEqual(["The permits are back in committee"]);
    expect(to("benoit").map((m) => m.subject)).toEqual(["Les licences reviennent en comité"]);
    expect(to("armen").map((m) => m.subject)).toEqual(["Թույլտվությունները կրկին հանձնաժողովում են"]);
    expect(to("pending")).toEqual([]);
    expect(to("silent")).toEqual([]);
    const [ani] = to("ani");
    expect(ani.text).toContain("**Write again** before Thursday");
    expect(ani.text).toContain("contact@demo.example");
    expect(ani.text).toContain("100 Rue Sparks\nOttawa ON K1P 5B7");
    expect(ani.html).toContain("<strong>Write again</strong>");
    expect(headerOf(ani, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    const oneClick = /<(https?:\/\/[^>]+\/api\/unsubscribe\/([A-Za-z0-9_-]+))>/.exec(headerOf(ani, "List-Unsubscribe") ?? "");
    expect(oneClick).not.toBeNull();
    expect(ani.text).toContain(`/en/unsubscribe/${oneClick![2]}`);
    const u = await getUpdate(editor, demo.id, id, "en");
    expect(u?.status).toBe("sent");
    expect(u?.figures).toMatchObject({ recipients: 3, sent: 3, failed: 0, skipped: 0, waiting: 0, unsubscribed: 0 });
    const db = await getDb();
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.organizationId, demo.organizationId), eq(auditLog.action, "update.send")));
    expect(audit.map((a) => a.detail)).toContainEqual({ update: id, recipients: 3, provinces: [], ridings: [] });

    // Ani unsubscribes in one click: the update counts it, and the next update does not reach her.
    expect(await unsubscribeByToken(oneClick![2])).toMatchObject({ organizationName: expect.any(String) });
    expect((await getUpdate(editor, demo.id, id, "en"))?.figures.unsubscribed).toBe(1);
    const next = await draft(owner);
    expect((await getUpdate(owner, demo.id, next, "en"))?.audienceSize).toBe(2);
    const later = await sinkHighWater();
    expect(await sendUpdate(owner, demo.id, next)).toEqual({ ok: true, recipients: 2 });
    await drainUpdates();
    const second = await listSinkMessages({ afterId: later });
    expect(second.flatMap((m) => m.envelopeTo as string[]).sort()).toEqual([people.armen.email, people.benoit.email].map((e) => e.toLowerCase()).sort());
  });

  it("leaves at most UPDATE_MAILS_PER_MINUTE a minute, and skips a supporter who withdrew before her turn", async () => {
    process.env.UPDATE_MAILS_PER_MINUTE = "6"; // one mail per 10-second batch
    resetEnvCache();
    await supporter("late", { locale: "en", consent: true, confirm: true });
    const id = await draft();
    const before = await sinkHighWater();
    expect(await sendUpdate(editor, demo.id, id)).toEqual({ ok: true, recipients: 3 });
    // Only the first batch is due now.
    await drainUpdates();
    expect(await listSinkMessages({ afterId: before })).toHaveLength(1);
    expect((await getUpdate(editor, demo.id, id, "en"))?.figures).toMatchObject({ sent: 1, waiting: 2 });
    // Everyone not yet mailed withdraws meanwhile; the next batches skip them.
    const mailed = (await listSinkMessages({ afterId: before })).flatMap((m) => m.envelopeTo as string[]);
    for (const key of ["benoit", "armen", "late"]) if (!mailed.includes(people[key].email.toLowerCase())) await withdrawSignature(await manageTokenFor(people[key].signatureId));
    await drainUpdates({ ignoreBackoff: true });
    expect(await listSinkMessages({ afterId: before })).toHaveLength(1);
    const u = await getUpdate(editor, demo.id, id, "en");
    expect(u?.figures).toMatchObject({ recipients: 3, sent: 1, skipped: 2, waiting: 0 });
    expect(u?.status).toBe("sent");
  });
});
