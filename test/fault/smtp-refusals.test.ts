import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { letters, offices } from "@/db/schema";
import { sendDueDigests } from "@/lib/offices/digest";
import { bulkQueuedLetters } from "@/bench/fixtures";
import { startSmtpStub, type SmtpStub } from "@/bench/smtp-stub";
import { getLettersNeedingAttention } from "@/lib/organizer/dashboard";
import { getDb } from "@/lib/server/db";
import { resetEnvCache } from "@/lib/server/env";
import { closeMail } from "@/lib/server/mail";
import type { Actor } from "@/lib/organizer/organizations";
import { processAvailableJobs } from "@/lib/jobs/worker";
import { QUEUES } from "@/lib/jobs/queue";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { demoCampaign } from "@/test/journey";

let stub: SmtpStub;
let campaign: Awaited<ReturnType<typeof demoCampaign>>;
let owner: Actor;
let viewer: Actor;

beforeAll(async () => {
  await useFreshDatabase();
  campaign = await demoCampaign();
  stub = await startSmtpStub();
  process.env.SMTP_URL = stub.url;
  resetEnvCache();
  await closeMail();
  const base = { userId: crypto.randomUUID(), organizationId: campaign.organizationId, organizationSlug: "demo", organizationName: "Demo" };
  owner = { ...base, role: "owner" };
  viewer = { ...base, role: "viewer" };
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  delete process.env.LETTER_DAILY_CAP_PER_OFFICE;
  resetEnvCache();
  await resetRuntime();
  await stub.close();
});

async function rows(messageIds: string[]) {
  const db = await getDb();
  return db.select().from(letters).where(inArray(letters.messageId, messageIds));
}

describe("the mail relay refuses letters for a while, then for good", () => {
  it("keeps them queued with the relay's reason while it answers 4xx, then fails them for good on 5xx with the reason shown to organizers", async () => {
    const db = await getDb();
    const ids = await bulkQueuedLetters(db, campaign.id, 3, `refused${Date.now()}`);

    stub.mode = "tempfail";
    expect(await processAvailableJobs({ queues: [QUEUES.letter] })).toBe(3);
    for (const l of await rows(ids)) {
      expect(l.status).toBe("queued");
      expect(l.attempts).toBe(1);
      expect(l.lastError).toMatch(/^451: .*try again later/i);
    }
    // The retry waits out its backoff: nothing is due at once.
    expect(await processAvailableJobs({ queues: [QUEUES.letter] })).toBe(0);
    expect((await getLettersNeedingAttention(owner, campaign.id))!.failedTotal).toBe(0);

    // 550 at RCPT: the office's server has no such mailbox. A hard bounce: the address is marked and
    // the letters wait for a corrected one, with no job left to try again (decision 0029).
    stub.mode = "permfail";
    expect(await processAvailableJobs({ queues: [QUEUES.letter], ignoreBackoff: true })).toBe(3);
    for (const l of await rows(ids)) {
      expect(l.status).toBe("queued");
      expect(l.attempts).toBe(2);
      expect(l.bouncedAt).not.toBeNull();
      expect(l.lastError).toMatch(/^office address bounced on \d{4}-\d\d-\d\d; waiting for a corrected address$/);
    }
    expect(await processAvailableJobs({ queues: [QUEUES.letter], ignoreBackoff: true })).toBe(0);
    const bounced = (await getLettersNeedingAttention(owner, campaign.id))!;
    expect(bounced.failedTotal).toBe(0);
    expect(bounced.bounced.reduce((n, b) => n + b.count, 0)).toBe(3);
    const addresses = (await rows(ids)).map((l) => l.deliveredTo!);
    const marked = await db.select().from(offices).where(inArray(offices.email, addresses));
    expect(marked.map((o) => o.bounceDetail)).toEqual(Array(3).fill(expect.stringMatching(/^550: .*Mailbox unavailable/)));

    // The addresses are corrected; the relay then refuses the message itself (554 after DATA): failed for good.
    await db.delete(offices);
    const refused = await bulkQueuedLetters(db, campaign.id, 3, `rejected${Date.now()}`);
    stub.mode = "reject";
    expect(await processAvailableJobs({ queues: [QUEUES.letter] })).toBe(3);
    for (const l of await rows(refused)) {
      expect(l.status).toBe("failed");
      expect(l.attempts).toBe(1);
      expect(l.failedAt).not.toBeNull();
      expect(l.lastError).toMatch(/^554: .*Message rejected by policy/i);
    }
    // Failed for good: no job is left to try again, and nothing reached the relay.
    expect(await processAvailableJobs({ queues: [QUEUES.letter], ignoreBackoff: true })).toBe(0);
    expect(stub.received).toHaveLength(0);

    const seen = (await getLettersNeedingAttention(owner, campaign.id))!;
    expect(seen.failedTotal).toBe(3);
    expect(seen.failed.map((f) => f.reason)).toEqual(Array(3).fill(expect.stringMatching(/^554: .*Message rejected by policy/)));
    expect(seen.failed.every((f) => f.supporterName?.startsWith("Letter Writer"))).toBe(true);

    // A viewer sees the reasons but no supporter's name.
    const asViewer = (await getLettersNeedingAttention(viewer, campaign.id))!;
    expect(asViewer.failedTotal).toBe(3);
    expect(asViewer.failed.every((f) => f.supporterName === null)).toBe(true);
  });

  it("never shows another organization's letters, and masks any address a relay quotes", async () => {
    const stranger: Actor = { ...owner, organizationId: crypto.randomUUID() };
    expect(await getLettersNeedingAttention(stranger, campaign.id)).toBeNull();
    expect(await getLettersNeedingAttention(owner, "not-a-uuid")).toBeNull();

    const db = await getDb();
    const [id] = await bulkQueuedLetters(db, campaign.id, 1, `quoted${Date.now()}`);
    await db
      .update(letters)
      .set({ status: "failed", failedAt: new Date(), lastError: "550: <jane.supporter@example.org>: Recipient address rejected" })
      .where(eq(letters.messageId, id));
    const seen = (await getLettersNeedingAttention(owner, campaign.id))!;
    const quoted = seen.failed.find((f) => f.reason.includes("Recipient address rejected"))!;
    expect(quoted.reason).toBe("550: <[address]>: Recipient address rejected");
  });
});

describe("an office's daily cap is reached", () => {
  it("shows organizers how many letters wait for each office and when they will leave, and sends them in the office's digest", async () => {
    process.env.LETTER_DAILY_CAP_PER_OFFICE = "2";
    resetEnvCache();
    stub.mode = "accept";
    const db = await getDb();
    await db.delete(offices);
    const ids = await bulkQueuedLetters(db, campaign.id, 5, `capped${Date.now()}`, { offices: 1 });
    await processAvailableJobs({ queues: [QUEUES.letter] });
    const states = (await rows(ids)).map((l) => l.status).sort();
    expect(states).toEqual(["queued", "queued", "queued", "sent", "sent"]);
    expect(stub.received.filter((m) => ids.includes(m))).toHaveLength(2);

    const seen = (await getLettersNeedingAttention(owner, campaign.id))!;
    expect(seen.dailyCap).toBe(2);
    expect(seen.deferred).toHaveLength(1);
    expect(seen.deferred[0].count).toBe(3);
    // They join the office's digest of the next day, at its hour (8:00 Ottawa time by default).
    const resumes = seen.deferred[0].resumesAt;
    const ottawa = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: "America/Toronto", year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
    expect(Number(new Intl.DateTimeFormat("en-CA", { timeZone: "America/Toronto", hour: "numeric", hourCycle: "h23" }).format(resumes))).toBe(8);
    expect(ottawa(resumes) > ottawa(new Date())).toBe(true);
    expect(resumes.getTime() - Date.now()).toBeGreaterThan(0);
    expect(resumes.getTime() - Date.now()).toBeLessThan(33 * 3600_000);

    // When it comes, one email carries the three.
    const [{ office }] = await db.selectDistinct({ office: letters.deliveredTo }).from(letters).where(inArray(letters.messageId, ids));
    expect(await sendDueDigests({ office: office!, force: true })).toEqual({ digests: 1, letters: 3 });
    expect((await rows(ids)).map((l) => l.status)).toEqual(Array(5).fill("sent"));
    expect(stub.received.filter((m) => ids.includes(m))).toHaveLength(2);
    expect(stub.received.filter((m) => m.startsWith("<digest-"))).toHaveLength(1);
  });
});
