import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, blocklist, organizations, signatures, supporters } from "@/db/schema";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { addMember, demoCampaign, sign, uniqueEmail } from "@/test/journey";
import { addBlockEntry, blockEntrySchema, listBlocklist, removeBlockEntry, type BlockEntryInput } from "./blocklist";
import { getDb } from "@/lib/server/db";
import { FLAG_QUEUE_PAGE, getFlagQueue } from "./moderation";
import { type Actor } from "./organizations";

let demo: Awaited<ReturnType<typeof demoCampaign>>;
let owner: Actor;
let editor: Actor;
let viewer: Actor;
let otherOwner: Actor;

function parse(input: BlockEntryInput) {
  const r = blockEntrySchema.safeParse(input);
  return r.success ? { ok: true as const, data: r.data } : { ok: false as const, error: r.error.issues[0].message };
}

async function entriesOf(organizationId: string) {
  const db = await getDb();
  return db.select({ id: blocklist.id, value: blocklist.value }).from(blocklist).where(eq(blocklist.organizationId, organizationId));
}

async function auditRows(organizationId: string, action: string) {
  const db = await getDb();
  return db.select().from(auditLog).where(and(eq(auditLog.organizationId, organizationId), eq(auditLog.action, action)));
}

beforeAll(async () => {
  await useFreshDatabase();
  demo = await demoCampaign();
  const db = await getDb();
  const [org] = await db.insert(organizations).values({ name: "Other Group", slug: "other-group" }).returning({ id: organizations.id });
  const demoSlug = (await db.select({ slug: organizations.slug }).from(organizations).where(eq(organizations.id, demo.organizationId)))[0].slug;
  owner = await addMember("owner@block.example", demo.organizationId, demoSlug, "owner");
  editor = await addMember("editor@block.example", demo.organizationId, demoSlug, "editor");
  viewer = await addMember("viewer@block.example", demo.organizationId, demoSlug, "viewer");
  otherOwner = await addMember("owner@other-block.example", org.id, "other-group", "owner");
});
afterAll(resetRuntime);

describe("an editor adds to the block list", () => {
  it("adds an email domain, audited, and the next signature from it is flagged at once", async () => {
    const r = await addBlockEntry(editor, parse({ kind: "email_domain", value: " @Spam-Farm.Example ", reason: "Fake signatures" }).data!);
    expect(r).toMatchObject({ ok: true, value: "spam-farm.example" });
    const list = await listBlocklist(owner);
    expect(list).toContainEqual(expect.objectContaining({ kind: "email_domain", value: "spam-farm.example", reason: "Fake signatures", createdByEmail: "editor@block.example", own: true }));
    const [audit] = await auditRows(demo.organizationId, "blocklist.add");
    expect(audit).toMatchObject({ actorUserId: editor.userId, targetType: "blocklist", targetId: r.ok ? r.id : "", detail: { kind: "email_domain", value: "spam-farm.example" } });

    const s = await sign({ email: uniqueEmail().replace("@example.org", "@mail.spam-farm.example") }, demo.slug, "203.0.113.9");
    const queue = await getFlagQueue(editor, demo.id);
    expect(queue!.items.find((i) => i.id === s.signatureId)?.flagReason).toBe("blocked:email_domain:spam-farm.example");
  });

  it("stores an IP range as its network (host bits masked), IPv4 and IPv6", async () => {
    const v4 = await addBlockEntry(editor, parse({ kind: "ip_range", value: "198.51.100.77/24" }).data!);
    expect(v4).toMatchObject({ ok: true, value: "198.51.100.0/24" });
    const v6 = await addBlockEntry(owner, parse({ kind: "ip_range", value: "2001:db8:abcd:12::1/48" }).data!);
    expect(v6).toMatchObject({ ok: true, value: "2001:db8:abcd::/48" });
    expect(await addBlockEntry(owner, parse({ kind: "ip_range", value: "198.51.100.0/24" }).data!)).toEqual({ ok: false, error: "duplicate" });
  });

  it("refuses a range wider than /8 (IPv4) or /32 (IPv6), garbage, and a malformed domain, with a reason per field", () => {
    expect(parse({ kind: "ip_range", value: "10.0.0.0/7" })).toEqual({ ok: false, error: "blocklist.ipRange.tooWide" });
    expect(parse({ kind: "ip_range", value: "2001:db8::/31" })).toEqual({ ok: false, error: "blocklist.ipRange.tooWide" });
    expect(parse({ kind: "ip_range", value: "10.0.0.0/8" }).ok).toBe(true);
    expect(parse({ kind: "ip_range", value: "300.1.2.3/24" })).toEqual({ ok: false, error: "blocklist.ipRange.invalid" });
    expect(parse({ kind: "ip_range", value: "'; drop table blocklist; --" })).toEqual({ ok: false, error: "blocklist.ipRange.invalid" });
    expect(parse({ kind: "email_domain", value: "not a domain" })).toEqual({ ok: false, error: "blocklist.emailDomain.invalid" });
    expect(parse({ kind: "email_domain", value: "localhost" })).toEqual({ ok: false, error: "blocklist.emailDomain.invalid" });
    expect(parse({ kind: "email_domain", value: "" })).toEqual({ ok: false, error: "blocklist.value.required" });
    expect(parse({ kind: "bogus" as "ip_range", value: "example.org" }).ok).toBe(false);
  });

  it("refuses a viewer: nothing listed, nothing added", async () => {
    expect(await listBlocklist(viewer)).toBeNull();
    const before = await entriesOf(demo.organizationId);
    expect(await addBlockEntry(viewer, parse({ kind: "email_domain", value: "viewer-tried.example" }).data!)).toEqual({ ok: false, error: "forbidden" });
    expect(await entriesOf(demo.organizationId)).toHaveLength(before.length);
  });
});

describe("removing an entry", () => {
  it("removes the organization's own entry, audited, and signatures from it count again", async () => {
    const added = await addBlockEntry(editor, parse({ kind: "email_domain", value: "brief-block.example" }).data!);
    if (!added.ok) throw new Error("not added");
    expect(await removeBlockEntry(editor, added.id)).toEqual({ ok: true, kind: "email_domain", value: "brief-block.example" });
    expect((await entriesOf(demo.organizationId)).map((e) => e.value)).not.toContain("brief-block.example");
    const audit = (await auditRows(demo.organizationId, "blocklist.remove")).find((a) => a.targetId === added.id);
    expect(audit).toMatchObject({ actorUserId: editor.userId, detail: { kind: "email_domain", value: "brief-block.example" } });
    const s = await sign({ email: uniqueEmail().replace("@example.org", "@brief-block.example") }, demo.slug, "203.0.113.10");
    const queue = await getFlagQueue(editor, demo.id);
    expect(queue!.items.find((i) => i.id === s.signatureId)).toBeUndefined();
  });

  it("treats another organization's entry, a platform-wide entry and garbage like ids that do not exist, and changes nothing", async () => {
    const theirs = await addBlockEntry(otherOwner, parse({ kind: "email_domain", value: "theirs.example" }).data!);
    if (!theirs.ok) throw new Error("not added");
    const db = await getDb();
    const [global] = await db.insert(blocklist).values({ organizationId: null, kind: "email_domain", value: "platform-wide.example" }).returning({ id: blocklist.id });
    const auditsBefore = (await auditRows(demo.organizationId, "blocklist.remove")).length;

    expect(await removeBlockEntry(owner, theirs.id)).toEqual({ ok: false, error: "not_found" });
    expect(await removeBlockEntry(owner, global.id)).toEqual({ ok: false, error: "not_found" });
    expect(await removeBlockEntry(owner, "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b")).toEqual({ ok: false, error: "not_found" });
    expect(await removeBlockEntry(owner, "not-a-uuid")).toEqual({ ok: false, error: "not_found" });

    expect(await db.select({ value: blocklist.value }).from(blocklist).where(eq(blocklist.id, theirs.id))).toEqual([{ value: "theirs.example" }]);
    expect(await db.select().from(blocklist).where(eq(blocklist.id, global.id))).toHaveLength(1);
    expect(await auditRows(demo.organizationId, "blocklist.remove")).toHaveLength(auditsBefore);

    // The organization sees the platform-wide entry read-only, never the other organization's.
    const list = await listBlocklist(owner);
    expect(list).toContainEqual(expect.objectContaining({ value: "platform-wide.example", own: false }));
    expect(list!.map((e) => e.value)).not.toContain("theirs.example");
  });

  it("refuses a viewer: the entry stays", async () => {
    const added = await addBlockEntry(owner, parse({ kind: "email_domain", value: "stays.example" }).data!);
    if (!added.ok) throw new Error("not added");
    expect(await removeBlockEntry(viewer, added.id)).toEqual({ ok: false, error: "not_found" });
    expect((await entriesOf(demo.organizationId)).map((e) => e.value)).toContain("stays.example");
  });
});

describe("the flag queue, page by page", () => {
  it("lists every flagged signature once across its pages, oldest first, and a page past the end is empty", async () => {
    const db = await getDb();
    const before = (await getFlagQueue(editor, demo.id))!.total;
    const extra = FLAG_QUEUE_PAGE + 5 - before;
    const start = Date.now() - 3600_000;
    for (let i = 0; i < extra; i++) {
      const email = uniqueEmail("paged");
      const [p] = await db.insert(supporters).values({ email, emailHash: email }).returning({ id: supporters.id });
      await db.insert(signatures).values({
        campaignId: demo.id,
        supporterId: p.id,
        status: "flagged",
        name: "Test Signer",
        residency: "resident",
        postalCode: "K1A 0A6",
        ip: "192.0.2.10",
        flagReason: "rate_limit:ip",
        createdAt: new Date(start + i * 1000),
      });
    }
    const first = (await getFlagQueue(editor, demo.id, 1))!;
    const second = (await getFlagQueue(editor, demo.id, 2))!;
    expect(first.total).toBe(FLAG_QUEUE_PAGE + 5);
    expect(first.items).toHaveLength(FLAG_QUEUE_PAGE);
    expect(second).toMatchObject({ total: FLAG_QUEUE_PAGE + 5, page: 2 });
    expect(second.items).toHaveLength(5);
    const ids = [...first.items, ...second.items].map((i) => i.id);
    expect(new Set(ids).size).toBe(FLAG_QUEUE_PAGE + 5);
    const times = [...first.items, ...second.items].map((i) => i.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect((await getFlagQueue(editor, demo.id, 3))!.items).toHaveLength(0);
    expect((await getFlagQueue(editor, demo.id, -4))!.page).toBe(1);
  });
});
