import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { rateLimitHits, signatures } from "@/db/schema";
import { DEMO_OTHER_CAMPAIGN_SLUG } from "@/db/seed";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { demoCampaign, lastMailTo, sign, uniqueEmail, uniqueIp } from "@/test/journey";
import { addBlock } from "@/lib/organizer/blocklist";
import { allowSignInLink } from "@/lib/server/rate-limit";
import { invalidateCount } from "@/lib/campaigns/count";
import { getDb } from "@/lib/server/db";
import { processAvailableJobs } from "@/lib/jobs/worker";
import { runMaintenance } from "@/lib/jobs/maintenance";
import { sql } from "drizzle-orm";

let campaign: Awaited<ReturnType<typeof demoCampaign>>;
beforeAll(async () => {
  await useFreshDatabase();
  campaign = await demoCampaign();
});
afterAll(resetRuntime);

async function statusOf(signatureId: string) {
  const db = await getDb();
  const [s] = await db.select().from(signatures).where(eq(signatures.id, signatureId));
  return s;
}

describe("one address signs in a burst", () => {
  it("is silently flagged after the first signature in a minute: same answer, not counted, reason recorded", async () => {
    const ip = uniqueIp();
    const first = await sign({ email: uniqueEmail() }, undefined, ip);
    const second = await sign({ email: uniqueEmail() }, undefined, ip);
    expect(second).toMatchObject({ ok: true, fresh: true });
    expect((await statusOf(first.signatureId)).status).toBe("pending");
    const s2 = await statusOf(second.signatureId);
    expect(s2.status).toBe("flagged");
    expect(s2.flagReason).toBe("rate_limit:ip");
  });

  it("mails nothing to the flagged address: the signer learns nothing, and a third party's inbox is not a target", async () => {
    const ip = uniqueIp();
    const first = uniqueEmail();
    await sign({ email: first }, undefined, ip);
    const email = uniqueEmail();
    const flagged = await sign({ email }, undefined, ip);
    await processAvailableJobs();
    expect((await lastMailTo(first))?.subject).toContain("Confirm your signature");
    expect(await lastMailTo(email)).toBeNull();
    invalidateCount(campaign.id);
    expect((await statusOf(flagged.signatureId)).confirmedAt).toBeNull();
  });

  it("does not limit different addresses", async () => {
    for (let i = 0; i < 3; i++) {
      const s = await sign({ email: uniqueEmail() });
      expect((await statusOf(s.signatureId)).status).toBe("pending");
    }
  });
});

describe("an organizer has blocked a domain and an address range", () => {
  it("flags signatures from a blocked email domain or its subdomains", async () => {
    const db = await getDb();
    await addBlock(db, { organizationId: campaign.organizationId, kind: "email_domain", value: "Spam-Farm.example", reason: "bot wave" });
    const a = await sign({ email: `x${Date.now()}@spam-farm.example` });
    const b = await sign({ email: `y${Date.now()}@mx.spam-farm.example` });
    expect((await statusOf(a.signatureId)).flagReason).toBe("blocked:email_domain:spam-farm.example");
    expect((await statusOf(b.signatureId)).status).toBe("flagged");
  });

  it("flags signatures from a blocked IP range, and refuses a malformed range", async () => {
    const db = await getDb();
    await addBlock(db, { organizationId: null, kind: "ip_range", value: "192.0.2.0/24" });
    const s = await sign({ email: uniqueEmail() }, undefined, "192.0.2.77");
    expect((await statusOf(s.signatureId)).flagReason).toBe("blocked:ip_range:192.0.2.0/24");
    await expect(addBlock(db, { organizationId: null, kind: "ip_range", value: "not-a-range" })).rejects.toThrow();
  });

  it("does not flag a look-alike domain, nor signatures on another organization's campaigns", async () => {
    const db = await getDb();
    await addBlock(db, { organizationId: campaign.organizationId, kind: "email_domain", value: "bot-farm.example" });
    await addBlock(db, { organizationId: campaign.organizationId, kind: "ip_range", value: "198.51.100.0/24" });
    const lookAlike = await sign({ email: `z${Date.now()}@notbot-farm.example` });
    expect(await statusOf(lookAlike.signatureId)).toMatchObject({ status: "pending", flagReason: null });
    // The other organization's campaign: this organization's blocks do not reach it.
    const elsewhere = await sign({ email: `w${Date.now()}@bot-farm.example` }, DEMO_OTHER_CAMPAIGN_SLUG, "198.51.100.9");
    expect(await statusOf(elsewhere.signatureId)).toMatchObject({ status: "pending", flagReason: null });
    const here = await sign({ email: `v${Date.now()}@bot-farm.example` }, undefined, "198.51.100.9");
    expect((await statusOf(here.signatureId)).flagReason).toBe("blocked:email_domain:bot-farm.example");
  });
});

describe("the limits count every window", () => {
  it("applies the five-minute window as well as the one-minute burst", async () => {
    const { hitRateLimit } = await import("@/lib/server/rate-limit");
    const db = await getDb();
    const key = `test:${uniqueIp()}`;
    const rules = [
      { limit: 100, windowSeconds: 60 },
      { limit: 3, windowSeconds: 300 },
    ];
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await hitRateLimit(db, key, rules));
    expect(results).toEqual([false, false, false, true, true]);
  });
});

describe("someone floods an organizer's inbox with sign-in link requests", () => {
  it("mails at most five links an hour to one address, while other addresses are unaffected", async () => {
    const target = uniqueEmail();
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await allowSignInLink(target, uniqueIp()));
    expect(answers).toEqual([true, true, true, true, true, false, false]);
    expect(await allowSignInLink(target.toUpperCase(), uniqueIp())).toBe(false);
    expect(await allowSignInLink(uniqueEmail(), uniqueIp())).toBe(true);
    // The counters do not name who asked: a copy of the database does not list who tried to sign in.
    const db = await getDb();
    const keys = await db.select({ key: rateLimitHits.key }).from(rateLimitHits);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.some((k) => k.key.includes(target) || k.key.includes(target.split("@")[0]))).toBe(false);
  });

  it("stops one IP from asking for links to many addresses (thirty an hour)", async () => {
    const ip = uniqueIp();
    let allowed = 0;
    for (let i = 0; i < 35; i++) if (await allowSignInLink(uniqueEmail(), ip)) allowed++;
    expect(allowed).toBe(30);
  });
});

describe("the abuse counters during a surge", () => {
  it("a signature or a sign-in link never sweeps old counters itself (a whole-table delete inside a request stalled every signer behind it); the hourly housekeeping removes counters over a day old and keeps the rest", async () => {
    const db = await getDb();
    const old = `test:old:${uniqueEmail()}`;
    const recent = `test:recent:${uniqueEmail()}`;
    await db.insert(rateLimitHits).values([
      { key: old, at: sql`now() - interval '25 hours'` },
      { key: recent, at: sql`now() - interval '23 hours'` },
    ]);
    const email = uniqueEmail();
    const target = uniqueEmail();
    const ip = uniqueIp();
    // Whatever the dice say: the request path has no sweep to roll for.
    const dice = vi.spyOn(Math, "random").mockReturnValue(0);
    try {
      await sign({ email }, undefined, ip);
      await allowSignInLink(target, ip);
    } finally {
      dice.mockRestore();
    }
    const keys = async () => (await db.select({ key: rateLimitHits.key }).from(rateLimitHits)).map((r) => r.key);
    expect(await keys()).toEqual(expect.arrayContaining([old, recent]));
    await runMaintenance();
    const after = await keys();
    expect(after).not.toContain(old);
    expect(after).toContain(recent);
  });
});
