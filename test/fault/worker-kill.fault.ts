import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { and, eq, gt, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { letterEvents, letters } from "@/db/schema";
import { bulkQueuedLetters, letterStatusCounts } from "@/bench/fixtures";
import { startSmtpStub, type SmtpStub } from "@/bench/smtp-stub";
import { getDb } from "@/lib/server/db";
import { resetEnvCache } from "@/lib/server/env";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { demoCampaign } from "@/test/journey";

const root = path.resolve(import.meta.dirname, "../..");
const LETTERS = 40;
const KILL_AFTER = 15;

/** Seconds instead of minutes: a dead worker's letters are claimable again 3 s after it claimed them. */
const FAST_RECOVERY = {
  LETTER_SENDING_LEASE_SECONDS: "3",
  LETTER_JOB_EXPIRE_SECONDS: "5",
  LETTER_RETRY_DELAY_SECONDS: "1",
  QUEUE_MAINTENANCE_SECONDS: "1",
  QUEUE_POLL_SECONDS: "0.5",
  LETTER_DAILY_CAP_PER_OFFICE: "100000",
};

let handle: DbHandle;
let stub: SmtpStub;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  Object.assign(process.env, FAST_RECOVERY);
  resetEnvCache();
  handle = await useFreshDatabase();
  if (handle.kind !== "postgres") throw new Error("the worker fault test needs PostgreSQL (TEST_DATABASE_URL)");
  stub = await startSmtpStub({ delayMs: 20 });
});

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) kill(w, "SIGKILL");
  await resetRuntime();
  await stub.close();
  for (const k of Object.keys(FAST_RECOVERY)) delete process.env[k];
  resetEnvCache();
});

/** `npm run worker` in its own process group, so a kill reaches npm, tsx and node alike. */
function startWorker(): ChildProcess {
  const child = spawn("npm", ["run", "--silent", "worker"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, ...FAST_RECOVERY, DATABASE_URL: handle.connectionString, SMTP_URL: stub.url, LOG_LEVEL: "error" },
  });
  workers.push(child);
  return child;
}

function kill(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-(child.pid as number), signal);
  } catch {
    /* already gone */
  }
}

async function until(what: string, check: () => boolean | Promise<boolean>, seconds: number) {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("the worker process is killed in the middle of a batch of letters", () => {
  it("sends every letter once restarted; nothing it had finished sending goes twice, and a copy of one cut off mid-send keeps its Message-ID", async () => {
    const campaign = await demoCampaign();
    const db = await getDb();
    const messageIds = await bulkQueuedLetters(db, campaign.id, LETTERS, `killed${Date.now()}`);
    expect(messageIds).toHaveLength(LETTERS);

    // The relay answers the first few, then keeps the next ones waiting: the worker is then
    // certainly in the middle of sending when it dies.
    stub.holdAfter = KILL_AFTER;
    const first = startWorker();
    await until("the worker to be mid-batch", () => stub.received.length >= KILL_AFTER && stub.held() > 0, 60);
    await new Promise((r) => setTimeout(r, 500));
    kill(first, "SIGKILL");
    await new Promise((r) => (first.exitCode !== null || first.signalCode !== null ? r(null) : first.once("exit", r)));

    const inFlight = await db
      .select({ id: letters.id })
      .from(letters)
      .where(and(eq(letters.campaignId, campaign.id), eq(letters.status, "sending")));
    expect(inFlight.length).toBeGreaterThan(0);
    const before = await letterStatusCounts(db, campaign.id);
    expect(before.sent).toBe(stub.received.length);

    stub.holdAfter = null;
    stub.release();
    const second = startWorker();
    await until("every letter to be sent", async () => (await letterStatusCounts(db, campaign.id)).sent === LETTERS, 90);
    kill(second, "SIGTERM");

    // Every letter reached the relay, under its one stable Message-ID.
    expect(new Set(stub.received)).toEqual(new Set(messageIds));
    // The only letters that can arrive twice are those the dead worker had handed to the relay
    // without hearing the answer (the relay answered a dead connection): same Message-ID, so the
    // office's server can recognise the copy. Nothing it had finished sending went again.
    const twice = stub.received.filter((m, i) => stub.received.indexOf(m) !== i);
    const inFlightIds = new Set((await db.select({ m: letters.messageId, id: letters.id }).from(letters)).filter((l) => inFlight.some((f) => f.id === l.id)).map((l) => l.m));
    for (const m of twice) expect(inFlightIds.has(m)).toBe(true);
    expect(stub.received.length).toBeLessThanOrEqual(LETTERS + inFlight.length);
    // In the database each letter was sent exactly once.
    const sentEvents = await db
      .select({ letterId: letterEvents.letterId, n: sql<number>`count(*)::int` })
      .from(letterEvents)
      .innerJoin(letters, eq(letters.id, letterEvents.letterId))
      .where(and(eq(letters.campaignId, campaign.id), eq(letterEvents.status, "sent")))
      .groupBy(letterEvents.letterId);
    expect(sentEvents).toHaveLength(LETTERS);
    expect(sentEvents.every((e) => e.n === 1)).toBe(true);
    // The letters the dead worker was sending were claimed again once their lease ran out.
    const retried = await db
      .select({ id: letters.id })
      .from(letters)
      .where(and(eq(letters.campaignId, campaign.id), gt(letters.attempts, 1)));
    expect(retried.map((r) => r.id).sort()).toEqual(inFlight.map((r) => r.id).sort());
  });
});
