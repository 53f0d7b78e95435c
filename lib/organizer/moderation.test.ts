import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, blocklist, campaigns, letters, organizations, representatives, signatures, supporters, type SignatureStatus } from "@/db/schema";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { addMember, confirmFromMailbox, demoCampaign, sign, uniqueEmail } from "@/test/journey";
import { addBlock } from "./blocklist";
import { getConfirmedCount, invalidateCount } from "@/lib/campaigns/count";
import { getDb } from "@/lib/server/db";
import { approveSignature, getFlagQueue, getTrendingSources, invalidateByFilter, invalidateSignature, invalidationFilterSchema, previewInvalidation, TRENDING_MIN, type InvalidationFilterInput } from "./moderation";
import { normalizeCidr } from "./cidr";
import { type Actor } from "./organizations";
import { QUEUES } from "@/lib/jobs/queue";
import { processAvailableJobs } from "@/lib/jobs/worker";

let demo: Awaited<ReturnType<typeof demoCampaign>>;
let owner: Actor;
let editor: Actor;
let viewer: Actor;
let otherOwner: Actor;
let otherCampaignId: string;
let representativeId: string;

/** A signature as the signing flow leaves it, written directly (many rows, fast). */
async function row(opts: { campaignId?: string; domain?: string; ip?: string | null; status?: SignatureStatus; confirmedAgoMinutes?: number | null; ridingFedNum?: string; flagReason?: string; createdAt?: Date }) {
  const db = await getDb();
  const email = uniqueEmail().replace("@example.org", `@${opts.domain ?? "example.org"}`);
  const [s] = await db.insert(supporters).values({ email, emailHash: email }).returning({ id: supporters.id });
  const status = opts.status ?? "confirmed";
  const minutes = opts.confirmedAgoMinutes === undefined ? (status === "confirmed" ? 5 : null) : opts.confirmedAgoMinutes;
  const [sig] = await db
    .insert(signatures)
    .values({
      campaignId: opts.campaignId ?? demo.id,
      supporterId: s.id,
      status,
      name: "Test Signer",
      emailDomain: opts.domain ?? "example.org",
      residency: "resident",
      postalCode: "K1A 0A6",
      ridingFedNum: opts.ridingFedNum ?? null,
      ip: opts.ip === undefined ? "192.0.2.10" : opts.ip,
      flagReason: opts.flagReason ?? (status === "flagged" ? "rate_limit:ip" : null),
      confirmedAt: minutes === null ? null : new Date(Date.now() - minutes * 60_000),
      createdAt: opts.createdAt ?? new Date(),
    })
    .returning({ id: signatures.id });
  return sig.id;
}

async function statusOf(id: string) {
  const db = await getDb();
  const [s] = await db.select({ status: signatures.status, invalidatedAt: signatures.invalidatedAt }).from(signatures).where(eq(signatures.id, id));
  return s;
}

async function letterFor(signatureId: string, status: "held" | "queued" | "sent", opts: { approved?: boolean } = {}) {
  const db = await getDb();
  const id = crypto.randomUUID();
  await db
    .insert(letters)
    .values({ id, campaignId: demo.id, signatureId, representativeId, status, subject: "s", body: "b", messageId: `<t-${id}@x>`, approvedAt: opts.approved ? new Date() : null });
  return id;
}

async function letterStatus(id: string) {
  const db = await getDb();
  return (await db.select({ status: letters.status }).from(letters).where(eq(letters.id, id)))[0].status;
}

function filter(input: InvalidationFilterInput) {
  return invalidationFilterSchema.parse(input);
}

beforeAll(async () => {
  await useFreshDatabase();
  demo = await demoCampaign();
  const db = await getDb();
  const [org] = await db.insert(organizations).values({ name: "Other Group", slug: "other-group" }).returning({ id: organizations.id });
  const [c] = await db.insert(campaigns).values({ organizationId: org.id, slug: "other-live", status: "published", publishedAt: new Date() }).returning({ id: campaigns.id });
  otherCampaignId = c.id;
  const demoSlug = (await db.select({ slug: organizations.slug }).from(organizations).where(eq(organizations.id, demo.organizationId)))[0].slug;
  owner = await addMember("owner@mod.example", demo.organizationId, demoSlug, "owner");
  editor = await addMember("editor@mod.example", demo.organizationId, demoSlug, "editor");
  viewer = await addMember("viewer@mod.example", demo.organizationId, demoSlug, "viewer");
  otherOwner = await addMember("owner@other.example", org.id, "other-group", "owner");
  representativeId = (await db.select({ id: representatives.id }).from(representatives).limit(1))[0].id;
});
afterAll(resetRuntime);

describe("the flag queue", () => {
  it("shows a signature caught by the block list with the reason, the email domain and the IP range only", async () => {
    const db = await getDb();
    await addBlock(db, { organizationId: demo.organizationId, kind: "email_domain", value: "spam-farm.example" });
    const email = uniqueEmail().replace("@example.org", "@spam-farm.example");
    const s = await sign({ email }, demo.slug, "203.0.113.77");
    const queue = await getFlagQueue(editor, demo.id);
    const item = queue!.items.find((i) => i.id === s.signatureId);
    expect(item).toMatchObject({ flagReason: "blocked:email_domain:spam-farm.example", emailDomain: "spam-farm.example", ipPrefix: "203.0.113.0/24", emailConfirmed: false });
    expect(JSON.stringify(item)).not.toContain(email.split("@")[0]);
    expect(JSON.stringify(item)).not.toContain("203.0.113.77");
    expect(queue!.total).toBeGreaterThanOrEqual(1);
  });

  it("is not shown to viewers, nor for another organization's campaign (exactly like a campaign that does not exist)", async () => {
    expect(await getFlagQueue(viewer, demo.id)).toBeNull();
    expect(await getFlagQueue(otherOwner, demo.id)).toBeNull();
    expect(await getFlagQueue(owner, otherCampaignId)).toBeNull();
    expect(await getFlagQueue(owner, "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b")).toBeNull();
    expect(await getFlagQueue(owner, "not-a-uuid")).toBeNull();
  });
});

describe("a moderator approves a flagged signature", () => {
  it("becomes confirmed and counts if the signer had confirmed, and the letter they approved is queued", async () => {
    const id = await row({ status: "flagged", confirmedAgoMinutes: 5 });
    const held = await letterFor(id, "held", { approved: true });
    const unapproved = await letterFor(id, "held");
    invalidateCount(demo.id);
    const before = await getConfirmedCount(demo.id);

    expect(await approveSignature(editor, demo.id, id)).toEqual({ ok: true, status: "confirmed" });
    expect(await getConfirmedCount(demo.id)).toBe(before + 1);
    expect(await letterStatus(held)).toBe("queued");
    // A letter nobody with proof of the address approved still waits for its owner.
    expect(await letterStatus(unapproved)).toBe("held");
    const db = await getDb();
    const [a] = await db.select().from(auditLog).where(and(eq(auditLog.action, "signature.approve"), eq(auditLog.targetId, id)));
    expect(a).toMatchObject({ organizationId: demo.organizationId, actorUserId: editor.userId, detail: { status: "confirmed", flagReason: "rate_limit:ip" } });
  });

  it("sends the signer flagged on signing, who was mailed nothing, their confirmation email; confirming then counts them", async () => {
    const email = uniqueEmail();
    const ip = "198.51.100.200";
    await sign({ email: uniqueEmail() }, demo.slug, ip);
    const s = await sign({ email }, demo.slug, ip); // second within a minute: over the rate limit
    expect((await statusOf(s.signatureId)).status).toBe("flagged");
    await processAvailableJobs({ queues: [QUEUES.confirmationMail] });
    await expect(confirmFromMailbox(email)).rejects.toThrow(/no confirmation mail/);

    expect(await approveSignature(editor, demo.id, s.signatureId)).toEqual({ ok: true, status: "pending" });
    await processAvailableJobs({ queues: [QUEUES.confirmationMail] });
    invalidateCount(demo.id);
    const before = await getConfirmedCount(demo.id);
    expect(await confirmFromMailbox(email, s.flowId)).toMatchObject({ ok: true, status: "confirmed" });
    expect(await getConfirmedCount(demo.id)).toBe(before + 1);
  });

  it("goes back to waiting for confirmation if the signer had not confirmed", async () => {
    const id = await row({ status: "flagged", confirmedAgoMinutes: null });
    expect(await approveSignature(owner, demo.id, id)).toEqual({ ok: true, status: "pending" });
    expect((await statusOf(id)).status).toBe("pending");
  });

  it("cannot be done by a viewer, another organization, or through another campaign's id", async () => {
    const id = await row({ status: "flagged" });
    expect(await approveSignature(viewer, demo.id, id)).toEqual({ ok: false, error: "not_found" });
    expect(await approveSignature(otherOwner, demo.id, id)).toEqual({ ok: false, error: "not_found" });
    expect(await approveSignature(otherOwner, otherCampaignId, id)).toEqual({ ok: false, error: "not_found" });
    expect(await invalidateSignature(otherOwner, otherCampaignId, id)).toEqual({ ok: false, error: "not_found" });
    expect((await statusOf(id)).status).toBe("flagged");
  });
});

describe("a moderator invalidates one signature", () => {
  it("leaves the count, and its queued letter is cancelled while a sent one is untouched", async () => {
    const id = await row({ status: "confirmed" });
    const queued = await letterFor(id, "queued");
    invalidateCount(demo.id);
    const before = await getConfirmedCount(demo.id);
    expect(await invalidateSignature(owner, demo.id, id)).toEqual({ ok: true, status: "invalidated" });
    expect(await statusOf(id)).toMatchObject({ status: "invalidated", invalidatedAt: expect.any(Date) });
    expect(await getConfirmedCount(demo.id)).toBe(before - 1);
    expect(await letterStatus(queued)).toBe("cancelled");
  });
});

describe("bulk invalidation by filter", () => {
  it("refuses an empty filter with a clear error, and ranges too wide to be deliberate", () => {
    const empty = invalidationFilterSchema.safeParse({ ipCidr: " ", emailDomain: "", includeConfirmed: "on" });
    expect(empty.success).toBe(false);
    expect(empty.error!.issues[0].message).toBe("moderation.filter.empty");
    expect(invalidationFilterSchema.safeParse({ ipCidr: "10.0.0.0/4" }).error!.issues[0].message).toBe("moderation.ipCidr.tooWide");
    expect(invalidationFilterSchema.safeParse({ ipCidr: "999.1.1.1" }).error!.issues[0].message).toBe("moderation.ipCidr.invalid");
    expect(invalidationFilterSchema.safeParse({ emailDomain: "not a domain" }).error!.issues[0].message).toBe("moderation.emailDomain.invalid");
    expect(invalidationFilterSchema.safeParse({ from: "2026-11-22T10:00", to: "2026-11-21T10:00" }).error!.issues[0].message).toBe("moderation.time.order");
  });

  it("normalises IP ranges as PostgreSQL would", () => {
    expect(normalizeCidr("198.51.100.7/24")).toBe("198.51.100.0/24");
    expect(normalizeCidr("198.51.100.7")).toBe("198.51.100.7/32");
    expect(normalizeCidr("2001:db8::1/48")).toBe("2001:db8::1/48");
    expect(normalizeCidr("2001:db8::/200")).toBeNull();
    expect(normalizeCidr("example.com")).toBeNull();
  });

  it("previews a count, then invalidates exactly those signatures: they leave the count and their letters are cancelled", async () => {
    const ids = [await row({ domain: "bots.example" }), await row({ domain: "mail.bots.example" }), await row({ domain: "bots.example", status: "pending" })];
    const flagged = await row({ domain: "bots.example", status: "flagged" });
    const bystander = await row({ domain: "people.example" });
    const alreadyGone = await row({ domain: "bots.example", status: "invalidated" });
    const queued = await letterFor(ids[0], "queued");
    const f = filter({ emailDomain: "@Bots.Example", includeConfirmed: "on" });
    invalidateCount(demo.id);
    const before = await getConfirmedCount(demo.id);

    expect(await previewInvalidation(editor, demo.id, f)).toEqual({ ok: true, count: 4 });
    // Without confirmed signatures, only the pending and flagged ones.
    expect(await previewInvalidation(editor, demo.id, filter({ emailDomain: "bots.example" }))).toEqual({ ok: true, count: 2 });

    const r = await invalidateByFilter(editor, demo.id, f, { expectedCount: 4 });
    expect(r).toEqual({ ok: true, invalidated: 4, lettersCancelled: 1, blocked: [] });
    for (const id of [...ids, flagged]) expect((await statusOf(id)).status).toBe("invalidated");
    expect((await statusOf(bystander)).status).toBe("confirmed");
    expect((await statusOf(alreadyGone)).status).toBe("invalidated");
    expect(await letterStatus(queued)).toBe("cancelled");
    expect(await getConfirmedCount(demo.id)).toBe(before - 2);

    const db = await getDb();
    const [a] = await db.select().from(auditLog).where(eq(auditLog.action, "signatures.invalidate"));
    expect(a).toMatchObject({
      organizationId: demo.organizationId,
      actorUserId: editor.userId,
      targetType: "campaign",
      targetId: demo.id,
      detail: { count: 4, filter: { emailDomain: "bots.example", includeConfirmed: true, ipCidr: null } },
    });
  });

  it("does nothing if the number of matching signatures changed since the preview", async () => {
    const a = await row({ ip: "192.0.2.130" });
    const f = filter({ ipCidr: "192.0.2.128/25", includeConfirmed: "on" });
    expect(await previewInvalidation(owner, demo.id, f)).toEqual({ ok: true, count: 1 });
    const b = await row({ ip: "192.0.2.131" });
    expect(await invalidateByFilter(owner, demo.id, f, { expectedCount: 1 })).toEqual({ ok: false, error: "count_changed", count: 2 });
    expect((await statusOf(a)).status).toBe("confirmed");
    expect(await invalidateByFilter(owner, demo.id, f, { expectedCount: 2 })).toMatchObject({ ok: true, invalidated: 2 });
    expect((await statusOf(b)).status).toBe("invalidated");
  });

  it("filters by IP range, time window and riding together, and can add the range to the block list", async () => {
    const inRange = await row({ ip: "100.64.5.9", ridingFedNum: "35100", createdAt: new Date("2026-03-10T15:00:00Z") });
    const otherRiding = await row({ ip: "100.64.5.10", ridingFedNum: "35101", createdAt: new Date("2026-03-10T15:00:00Z") });
    const outsideTime = await row({ ip: "100.64.5.11", ridingFedNum: "35100", createdAt: new Date("2026-03-12T15:00:00Z") });
    // 10:00–11:30 in Ottawa on March 10 is 15:00–16:30 UTC (EDT starts March 8, 2026).
    const f = filter({ ipCidr: "100.64.5.0/24", ridingFedNum: "35100", from: "2026-03-10T10:00", to: "2026-03-10T11:30", includeConfirmed: "on" });
    expect(await previewInvalidation(owner, demo.id, f)).toEqual({ ok: true, count: 1 });
    expect(await invalidateByFilter(owner, demo.id, f, { expectedCount: 1, block: true })).toMatchObject({ ok: true, invalidated: 1, blocked: ["100.64.5.0/24"] });
    expect((await statusOf(inRange)).status).toBe("invalidated");
    expect((await statusOf(otherRiding)).status).toBe("confirmed");
    expect((await statusOf(outsideTime)).status).toBe("confirmed");
    const db = await getDb();
    const blocks = await db.select().from(blocklist).where(and(eq(blocklist.organizationId, demo.organizationId), eq(blocklist.kind, "ip_range")));
    expect(blocks.map((b) => b.value)).toContain("100.64.5.0/24");
  });

  it("cannot reach another organization's campaign, and a viewer cannot use it at all", async () => {
    const theirs = await row({ campaignId: otherCampaignId, domain: "victim.example" });
    const f = filter({ emailDomain: "victim.example", includeConfirmed: "on" });
    expect(await previewInvalidation(owner, otherCampaignId, f)).toEqual({ ok: false, error: "not_found" });
    expect(await invalidateByFilter(owner, otherCampaignId, f, { expectedCount: 1 })).toEqual({ ok: false, error: "not_found" });
    expect(await previewInvalidation(viewer, demo.id, f)).toEqual({ ok: false, error: "not_found" });
    expect((await statusOf(theirs)).status).toBe("confirmed");
  });
});

describe("trending sources", () => {
  it("surfaces an IP and an email domain with unusually many confirmations in the last hour, but not big webmail nor older ones", async () => {
    const db = await getDb();
    const [c] = await db.insert(campaigns).values({ organizationId: demo.organizationId, slug: "trend-test", status: "published" }).returning({ id: campaigns.id });
    // A normal background: many sources with one or two confirmations each.
    for (let i = 0; i < 12; i++) await row({ campaignId: c.id, ip: `198.18.0.${i + 1}`, domain: `isp${i}.example` });
    for (let i = 0; i < TRENDING_MIN; i++) await row({ campaignId: c.id, ip: "203.0.113.9", domain: "gmail.com" });
    for (let i = 0; i < TRENDING_MIN; i++) await row({ campaignId: c.id, ip: `198.18.1.${i + 1}`, domain: "throwaway.example" });
    // Yesterday's burst is history, and unconfirmed signatures are not confirmations.
    for (let i = 0; i < TRENDING_MIN; i++) await row({ campaignId: c.id, ip: "203.0.113.50", confirmedAgoMinutes: 90 });
    for (let i = 0; i < TRENDING_MIN; i++) await row({ campaignId: c.id, ip: "203.0.113.51", status: "pending" });

    const t = await getTrendingSources(viewer, c.id);
    expect(t!.map((x) => [x.kind, x.value, x.confirmations])).toEqual([
      ["email_domain", "throwaway.example", TRENDING_MIN],
      ["ip", "203.0.113.9", TRENDING_MIN],
    ]);
    expect(t![0].median).toBe(1);
    expect(await getTrendingSources(owner, demo.id)).toEqual([]);
    expect(await getTrendingSources(otherOwner, c.id)).toBeNull();
  });
});

describe("the block list and the queue together", () => {
  it("a range added while invalidating flags the next signature from it", async () => {
    const db = await getDb();
    const s = await sign({ email: uniqueEmail() }, demo.slug, "100.64.5.200");
    const [sig] = await db.select({ status: signatures.status, flagReason: signatures.flagReason }).from(signatures).where(inArray(signatures.id, [s.signatureId]));
    expect(sig).toEqual({ status: "flagged", flagReason: "blocked:ip_range:100.64.5.0/24" });
  });
});
