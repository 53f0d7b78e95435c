import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openValue } from "./encryption";
import { auditLog, campaigns, letters, organizations, representatives, signatures, signingFlows, supporters, tokens, users } from "@/db/schema";
import { exportFilterSchema, readExportCsv, streamSignaturesCsv } from "@/lib/organizer/exports";
import { getActorForUser } from "@/lib/organizer/organizations";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { demoCampaign, lastMailTo, manageTokenFor, sign, uniqueEmail } from "@/test/journey";
import { createTestWorld, type TestWorld } from "@/lib/testing/hooks";
import { getConfirmedCount, invalidateCount } from "@/lib/campaigns/count";
import { deliverLetter } from "@/lib/letters/deliver";
import { getDb } from "@/lib/server/db";
import { getSupporterStatus } from "@/lib/signing/status";
import { processAvailableJobs } from "@/lib/jobs/worker";
import { applyCampaignRetention, getAnonymisationDate, RETENTION_WARNING_DAYS } from "./retention";
import { transition } from "@/lib/campaigns/editor/lifecycle";

const DAY = 86_400_000;
beforeAll(async () => {
  await useFreshDatabase();
  await demoCampaign();
});
afterAll(resetRuntime);

let worlds = 0;
async function world(supporterCount = 2): Promise<TestWorld> {
  worlds++;
  return createTestWorld({ tag: `retain${worlds}${Date.now().toString(36)}`, supporters: supporterCount });
}

async function letterFor(campaignId: string, signatureId: string, status: "queued" | "held", body: string, office = 0) {
  const db = await getDb();
  const [mp] = await db.select({ id: representatives.id }).from(representatives).where(eq(representatives.current, true)).orderBy(representatives.id).offset(office).limit(1);
  const [l] = await db
    .insert(letters)
    .values({
      campaignId,
      signatureId,
      representativeId: mp.id,
      status,
      subject: "Stop the permits",
      body,
      senderName: "Lilit Hakobyan",
      senderEmail: "lilit@example.org",
      senderPostalCode: "K1A 0A6",
      messageId: `<retain-${signatureId}-${status}@constituent.test>`,
      queuedAt: status === "queued" ? new Date() : null,
      heldAt: status === "held" ? new Date() : null,
    })
    .returning({ id: letters.id });
  return l.id;
}

async function close(campaignId: string, closedAt: Date) {
  const db = await getDb();
  await db.update(campaigns).set({ status: "closed", closedAt }).where(eq(campaigns.id, campaignId));
}

describe("a closed campaign's supporters are anonymised after the organization's retention period", () => {
  it("warns the owners a week before, then erases every name, address, postal code, comment and letter, and keeps the counts and ridings", async () => {
    const w = await world(0);
    const email = uniqueEmail("retained");
    const signed = await sign({ email, name: "Lilit Hakobyan", comment: "For Artsakh.", postalCode: "K1A 0A6" }, w.campaignSlug);
    const db = await getDb();
    await db.update(signatures).set({ status: "confirmed", confirmedAt: new Date() }).where(eq(signatures.id, signed.signatureId));
    const letterId = await letterFor(w.campaignId, signed.signatureId, "held", "Dear MP, my own words about the sensors.");
    const manage = await manageTokenFor(signed.signatureId);
    const [{ riding }] = await db.select({ riding: signatures.ridingFedNum }).from(signatures).where(eq(signatures.id, signed.signatureId));
    invalidateCount(w.campaignId);
    const count = await getConfirmedCount(w.campaignId);
    expect(count).toBe(1);

    const closedAt = new Date("2026-01-15T12:00:00Z");
    await close(w.campaignId, closedAt);
    const due = await getAnonymisationDate(w.campaignId);
    // The default period is six months after closing.
    expect(due?.toISOString()).toBe("2026-07-15T12:00:00.000Z");

    // Nothing happens while the campaign is young; a week before, the owners are told once.
    expect(await applyCampaignRetention(new Date(due!.getTime() - 30 * DAY))).toEqual({ warned: 0, anonymised: 0 });
    expect((await applyCampaignRetention(new Date(due!.getTime() - (RETENTION_WARNING_DAYS - 1) * DAY))).warned).toBe(1);
    expect((await applyCampaignRetention(new Date(due!.getTime() - 2 * DAY))).warned).toBe(0);
    await processAvailableJobs({ queues: ["mail-retention-warning"] });
    const warning = await lastMailTo(w.owner);
    expect(warning?.subject).toContain(w.campaignTitle);
    expect(warning?.text).toContain("On July 15, 2026, the names");
    expect(warning?.text).toContain("Le 15 juillet 2026, les noms");
    expect(warning?.text).toContain(`/en/org/${w.orgSlug}/campaigns/${w.campaignId}`);
    // Only owners: an editor or viewer is not mailed about the data.
    expect((await lastMailTo(w.editor))?.subject ?? "").not.toContain(w.campaignTitle);
    expect(await getSupporterStatus(manage)).not.toBeNull();

    expect(await applyCampaignRetention(new Date(due!.getTime() + DAY))).toEqual({ warned: 0, anonymised: 1 });

    const [s] = await db.select().from(signatures).where(eq(signatures.id, signed.signatureId));
    expect(s).toMatchObject({ status: "confirmed", name: "", email: null, postalCode: null, comment: null, ip: null, consentToContact: false, ridingFedNum: riding });
    const [p] = await db.select().from(supporters).where(eq(supporters.id, s.supporterId));
    expect(p.email).toBe(`erased-${p.id}@erased.invalid`);
    const [l] = await db.select().from(letters).where(eq(letters.id, letterId));
    expect(l).toMatchObject({ status: "cancelled", subject: "", body: "", senderName: null, senderEmail: null, senderPostalCode: null });
    expect(await db.select().from(signingFlows).where(eq(signingFlows.campaignId, w.campaignId))).toHaveLength(0);
    expect(await db.select().from(tokens).where(eq(tokens.signatureId, signed.signatureId))).toHaveLength(0);
    expect(await getSupporterStatus(manage)).toBeNull();
    invalidateCount(w.campaignId);
    expect(await getConfirmedCount(w.campaignId)).toBe(count);
    const [c] = await db.select({ anonymisedAt: campaigns.anonymisedAt }).from(campaigns).where(eq(campaigns.id, w.campaignId));
    expect(c.anonymisedAt).not.toBeNull();
    const audit = await db.select().from(auditLog).where(eq(auditLog.targetId, w.campaignId));
    expect(audit.map((a) => a.action)).toContain("campaign.anonymise");
    // Idempotent: the next hourly run finds nothing to do.
    expect(await applyCampaignRetention(new Date(due!.getTime() + 2 * DAY))).toEqual({ warned: 0, anonymised: 0 });
  });

  it("follows each organization's own period, and keeps the address of someone who still signs another live campaign", async () => {
    const w = await world(0);
    const db = await getDb();
    const [org] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, w.orgSlug));
    await db.update(organizations).set({ retentionMonths: 1 }).where(eq(organizations.id, org.id));
    const email = uniqueEmail("both");
    const here = await sign({ email, name: "Aram Grigoryan" }, w.campaignSlug);
    const elsewhere = await sign({ email, name: "Aram Grigoryan" });
    await close(w.campaignId, new Date("2026-03-01T00:00:00Z"));
    expect((await getAnonymisationDate(w.campaignId))?.toISOString()).toBe("2026-04-01T00:00:00.000Z");

    expect((await applyCampaignRetention(new Date("2026-04-02T00:00:00Z"))).anonymised).toBe(1);
    const rows = await db.select().from(signatures).where(inArray(signatures.id, [here.signatureId, elsewhere.signatureId]));
    expect(rows.find((r) => r.id === here.signatureId)?.name).toBe("");
    expect(await openValue(db, rows.find((r) => r.id === elsewhere.signatureId)?.name)).toBe("Aram Grigoryan");
    const [p] = await db.select().from(supporters).where(eq(supporters.id, rows[0].supporterId));
    expect(await openValue(db, p.email)).toBe(email);
  });

  it("leaves a campaign that is still open alone however old it is", async () => {
    const w = await world(1);
    expect(await applyCampaignRetention(new Date(Date.now() + 10 * 365 * DAY), { campaignId: w.campaignId })).toEqual({ warned: 0, anonymised: 0 });
    const db = await getDb();
    const [s] = await db.select().from(signatures).where(eq(signatures.campaignId, w.campaignId));
    expect(s.name).not.toBe("");
    const [c] = await db.select({ anonymisedAt: campaigns.anonymisedAt }).from(campaigns).where(eq(campaigns.id, w.campaignId));
    expect(c.anonymisedAt).toBeNull();
  });
});

describe("a campaign that is reopened after its supporters were anonymised", () => {
  it("starts its retention clock again, so whoever signs after reopening is warned about and anonymised too", async () => {
    const w = await world(0);
    const db = await getDb();
    await close(w.campaignId, new Date("2026-01-01T00:00:00Z"));
    expect(await applyCampaignRetention(new Date("2026-07-02T00:00:00Z"), { campaignId: w.campaignId })).toEqual({ warned: 0, anonymised: 1 });
    const [owner] = await db.select({ id: users.id }).from(users).where(eq(users.email, w.owner));
    const actor = (await getActorForUser(owner.id, w.orgSlug))!;
    expect((await transition(actor, w.campaignId, "published")).ok).toBe(true);
    const [reopened] = await db.select({ anonymisedAt: campaigns.anonymisedAt, warnedAt: campaigns.retentionWarnedAt }).from(campaigns).where(eq(campaigns.id, w.campaignId));
    expect(reopened).toEqual({ anonymisedAt: null, warnedAt: null });
    const late = await sign({ email: uniqueEmail("late"), name: "Vardan Sahakyan" }, w.campaignSlug);
    await close(w.campaignId, new Date("2026-08-01T00:00:00Z"));
    expect(await applyCampaignRetention(new Date("2027-01-28T00:00:00Z"), { campaignId: w.campaignId })).toEqual({ warned: 1, anonymised: 0 });
    expect(await applyCampaignRetention(new Date("2027-02-02T00:00:00Z"), { campaignId: w.campaignId })).toEqual({ warned: 0, anonymised: 1 });
    const [s] = await db.select({ name: signatures.name }).from(signatures).where(eq(signatures.id, late.signatureId));
    expect(s.name).toBe("");
  });
});

describe("a deliver-then-delete campaign keeps no letter once the office has it", () => {
  it("erases the letter's text and its writer's identity in the same step that records it sent; other campaigns keep theirs", async () => {
    const w = await world(0);
    const db = await getDb();
    await db.update(campaigns).set({ deliverThenDelete: true }).where(eq(campaigns.id, w.campaignId));
    const email = uniqueEmail("dtd");
    const signed = await sign({ email, name: "Lilit Hakobyan", comment: "Never again." }, w.campaignSlug);
    await db.update(signatures).set({ status: "confirmed", confirmedAt: new Date() }).where(eq(signatures.id, signed.signatureId));
    const letterId = await letterFor(w.campaignId, signed.signatureId, "queued", "Dear MP, please cancel the permits. Deliver-then-delete.");
    const draftId = await letterFor(w.campaignId, signed.signatureId, "held", "Dear other MP, a held letter.", 1);

    expect(await deliverLetter(letterId, { finalAttempt: false })).toBe("sent");

    const [l] = await db.select().from(letters).where(eq(letters.id, letterId));
    expect(l).toMatchObject({ status: "sent", subject: "", body: "", senderName: null, senderEmail: null, senderPostalCode: null });
    expect(l.sentAt).not.toBeNull();
    const [s] = await db.select().from(signatures).where(eq(signatures.id, signed.signatureId));
    expect(s).toMatchObject({ status: "confirmed", name: "", email: null, postalCode: null, comment: null });
    const [p] = await db.select().from(supporters).where(eq(supporters.id, s.supporterId));
    expect(p.email).not.toBe(email);
    // The office did get the letter, in full.
    // Her draft to another office, which lost its browser flow, goes too.
    const [draft] = await db.select().from(letters).where(eq(letters.id, draftId));
    expect(draft).toMatchObject({ status: "cancelled", body: "", senderName: null, senderEmail: null });
    const [mp] = await db.select({ email: representatives.email }).from(representatives).where(eq(representatives.id, l.representativeId));
    const delivered = await lastMailTo(mp.email!);
    expect(delivered?.text).toContain("please cancel the permits. Deliver-then-delete.");

    // An ordinary campaign keeps the sent letter (until the 30-day retention).
    const other = await world(0);
    const kept = await sign({ email: uniqueEmail("kept"), name: "Sona Avetisyan" }, other.campaignSlug);
    await db.update(signatures).set({ status: "confirmed", confirmedAt: new Date() }).where(eq(signatures.id, kept.signatureId));
    const keptLetter = await letterFor(other.campaignId, kept.signatureId, "queued", "Dear MP, an ordinary letter.");
    expect(await deliverLetter(keptLetter, { finalAttempt: false })).toBe("sent");
    const [k] = await db.select().from(letters).where(eq(letters.id, keptLetter));
    expect(k.body).toBe("Dear MP, an ordinary letter.");
    const [ks] = await db.select().from(signatures).where(eq(signatures.id, kept.signatureId));
    expect(await openValue(db, ks.name)).toBe("Sona Avetisyan");
  });

  it("exports no name, address, postal code or comment, even of a supporter who wrote nothing", async () => {
    const w = await world(0);
    const db = await getDb();
    await db.update(campaigns).set({ deliverThenDelete: true }).where(eq(campaigns.id, w.campaignId));
    const email = uniqueEmail("silent");
    await sign({ email, name: "Hayk Mkrtchyan", comment: "No letter from me.", postalCode: "K1A 0A6" }, w.campaignSlug);
    const [owner] = await db.select({ id: users.id }).from(users).where(eq(users.email, w.owner));
    const actor = (await getActorForUser(owner.id, w.orgSlug))!;
    const r = await streamSignaturesCsv(actor, w.campaignId, exportFilterSchema.parse({ status: "all" }));
    if (!r.ok) throw new Error(r.error);
    const text = await new Response(r.stream).text();
    const { records } = readExportCsv(text);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ status: "pending", name: "", email: "", postal_code: "", comment: "" });
    expect(text).not.toContain("Hayk");
    expect(text).not.toContain(email);
  });
});
