import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRow } from "./encryption";
import { letters, representatives, sessions, signatures, supporters, tokens, users, verificationTokens } from "@/db/schema";
import { DEMO_ORG_SLUG, DEMO_OTHER_CAMPAIGN_SLUG, DEMO_ORGANIZER_EMAIL } from "@/db/seed";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { confirmFromMailbox, demoCampaign, manageTokenFor, sign, uniqueEmail } from "@/test/journey";
import { getConfirmedCount, invalidateCount } from "@/lib/campaigns/count";
import { getDb } from "@/lib/server/db";
import { exportFilterSchema, readExportCsv, streamSignaturesCsv } from "@/lib/organizer/exports";
import { getActorForUser } from "@/lib/organizer/organizations";
import { runMaintenance } from "@/lib/jobs/maintenance";
import { applyRetention, IP_RETENTION_DAYS } from "./retention";
import { withdrawSignature } from "@/lib/signing/withdraw";
import { getSupporterStatus } from "@/lib/signing/status";
import { processAvailableJobs } from "@/lib/jobs/worker";

let campaign: Awaited<ReturnType<typeof demoCampaign>>;
beforeAll(async () => {
  await useFreshDatabase();
  campaign = await demoCampaign();
});
afterAll(resetRuntime);

async function row(signatureId: string) {
  const db = await getDb();
  const [s] = await db.select().from(signatures).where(eq(signatures.id, signatureId));
  const [p] = await db.select().from(supporters).where(eq(supporters.id, s.supporterId));
  await openRow(db, s, ["name", "email", "postalCode", "comment"]);
  await openRow(db, p, ["email"]);
  return { s, p };
}

async function heldLetterFor(signatureId: string) {
  const db = await getDb();
  const [mp] = await db.select({ id: representatives.id }).from(representatives).where(eq(representatives.current, true)).limit(1);
  const [l] = await db
    .insert(letters)
    .values({ campaignId: campaign.id, signatureId, representativeId: mp.id, status: "held", subject: "My words", body: "Dear MP, my own paragraph.", messageId: `<privacy-${signatureId}@constituent.test>`, heldAt: new Date() })
    .returning({ id: letters.id });
  return l.id;
}

describe("a supporter withdraws their signature from their status page", () => {
  it("leaves the count, cancels the unsent letter and erases their name, postal code, comment, IP and address", async () => {
    const email = uniqueEmail("withdraw");
    const signed = await sign({ email, name: "Nare Sargsyan", comment: "For my cousins in Stepanakert." });
    await processAvailableJobs({ queues: ["mail-confirmation"] });
    await confirmFromMailbox(email);
    invalidateCount(campaign.id);
    const before = await getConfirmedCount(campaign.id);
    const letterId = await heldLetterFor(signed.signatureId);
    const link = await manageTokenFor(signed.signatureId);
    expect(await getSupporterStatus(link)).not.toBeNull();

    expect(await withdrawSignature(link)).toEqual({ ok: true, campaignId: campaign.id });

    expect(await getConfirmedCount(campaign.id)).toBe(before - 1);
    const { s, p } = await row(signed.signatureId);
    expect(s).toMatchObject({ status: "invalidated", flagReason: "withdrawn_by_supporter", name: "", postalCode: null, comment: null, ip: null, consentToContact: false });
    expect(p.email).not.toContain("withdraw");
    expect(p.emailHash).toBe(p.email);
    const db = await getDb();
    const [l] = await db.select().from(letters).where(eq(letters.id, letterId));
    expect(l).toMatchObject({ status: "cancelled", subject: "", body: "" });
    // The link is spent: nobody holding it later can read or change anything.
    expect(await db.select().from(tokens).where(eq(tokens.signatureId, signed.signatureId))).toHaveLength(0);
    expect(await getSupporterStatus(link)).toBeNull();
    expect(await withdrawSignature(link)).toEqual({ ok: false, error: "invalid_link" });
  });

  it("keeps the address while the supporter still has a signature on another campaign", async () => {
    const email = uniqueEmail("two");
    const first = await sign({ email });
    const second = await sign({ email }, DEMO_OTHER_CAMPAIGN_SLUG);
    expect(await withdrawSignature(await manageTokenFor(first.signatureId))).toMatchObject({ ok: true });
    expect((await row(second.signatureId)).p.email).toBe(email);
    expect((await row(second.signatureId)).s.status).toBe("pending");
    // The organization whose campaign they withdrew from cannot read the address in its export.
    const db = await getDb();
    const [owner] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_ORGANIZER_EMAIL));
    const actor = await getActorForUser(owner.id, DEMO_ORG_SLUG);
    const r = await streamSignaturesCsv(actor!, campaign.id, exportFilterSchema.parse({ status: "all" }));
    if (!r.ok) throw new Error(r.error);
    const { records } = readExportCsv(await new Response(r.stream).text());
    const withdrawn = records.filter((x) => x.status === "invalidated" && x.name === "");
    expect(withdrawn.length).toBeGreaterThan(0);
    expect(withdrawn.every((x) => x.email === "")).toBe(true);
    expect(records.some((x) => x.email === email)).toBe(false);
  });

  it("refuses a made-up link and changes nothing", async () => {
    expect(await withdrawSignature("not-a-real-token")).toEqual({ ok: false, error: "invalid_link" });
  });
});

describe("what is kept only for a while expires", () => {
  it(`erases IP addresses after ${IP_RETENTION_DAYS} days and keeps recent ones for moderation`, async () => {
    const old = await sign({ email: uniqueEmail("old") });
    const recent = await sign({ email: uniqueEmail("recent") });
    const db = await getDb();
    await db.update(signatures).set({ createdAt: sql`now() - interval '31 days'` }).where(eq(signatures.id, old.signatureId));
    expect((await row(old.signatureId)).s.ip).not.toBeNull();

    const erased = await applyRetention();
    expect(erased.ips).toBeGreaterThanOrEqual(1);
    expect((await row(old.signatureId)).s.ip).toBeNull();
    expect((await row(recent.signatureId)).s.ip).not.toBeNull();
    expect((await applyRetention()).ips).toBe(0);
  });
});

describe("the workers' hourly housekeeping", () => {
  it("also drops expired organizer sessions and sign-in tokens, and keeps live ones", async () => {
    const db = await getDb();
    const [u] = await db.insert(users).values({ email: uniqueEmail("org") }).returning({ id: users.id });
    await db.insert(sessions).values([
      { sessionToken: `old-${u.id}`, userId: u.id, expires: new Date(Date.now() - 1000) },
      { sessionToken: `live-${u.id}`, userId: u.id, expires: new Date(Date.now() + 3600_000) },
    ]);
    await db.insert(verificationTokens).values({ identifier: `x-${u.id}`, token: `t-${u.id}`, expires: new Date(Date.now() - 1000) });
    const done = await runMaintenance();
    expect(done.sessions).toBeGreaterThanOrEqual(1);
    expect(done.signInTokens).toBeGreaterThanOrEqual(1);
    expect((await db.select().from(sessions).where(eq(sessions.userId, u.id))).map((r) => r.sessionToken)).toEqual([`live-${u.id}`]);
  });
});
