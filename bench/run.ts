/**
 * `npm run bench`: runs the built app as a user would (`next start`) on PGlite and, when a
 * PostgreSQL server is given (BENCH_DATABASE_URL, or TEST_DATABASE_URL as .ci/run sets it), on
 * PostgreSQL; drives it with autocannon over loopback; and reports each figure as a ratio against a
 * baseline measured in the same run on the same machine. Then, with the server stopped, measures in
 * this process what runs outside a request: letter delivery by the queue workers to a local SMTP
 * sink, the CSV export and the dashboard aggregate over a million signatures (fewer on PGlite).
 * Prints one table and rewrites BENCHMARKS.md. Aims at under ten minutes on two cores.
 *
 * BENCH_SCENARIOS runs a subset (comma-separated: server, letters, export, dashboard), e.g.
 * `BENCH_SCENARIOS=dashboard BENCH_DATABASES=postgres` for the dashboard alone; without the server
 * scenarios the database is migrated and seeded in this process and no build is needed. A subset
 * prints its table and leaves BENCHMARKS.md alone. BENCH_PG_DATABASE names the PostgreSQL database
 * (constituent_bench) and BENCH_PGLITE_DIR the PGlite directory (.data/bench-pglite);
 * BENCH_REUSE=1 keeps them and their generated signatures between runs.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import nodemailer from "nodemailer";
import { sql } from "drizzle-orm";
import { createCluster, type Cluster } from "../test/fault/pg-cluster";
import { bulkQueuedLetters, bulkSignatures, campaignIdBySlug, letterStatusCounts } from "./fixtures";
import { startSmtpStub } from "./smtp-stub";
import { nextBin as next, root, sleep, withServer, type Database, type Server } from "./server";

const SLUG = "drone-sensors-export-oversight";
const ORG_SLUG = "demo-northern-lights";
const ORGANIZER_EMAIL = "organizer@demo.constituent.localhost";
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const LETTERS = Number(process.env.BENCH_LETTERS ?? 1000);
const ROWS: Record<string, number> = {
  postgres: Number(process.env.BENCH_ROWS ?? 1_000_000),
  // PGlite is one single-threaded WASM process: a million rows would take most of the ten minutes.
  pglite: Number(process.env.BENCH_PGLITE_ROWS ?? 100_000),
};
const ALL_SCENARIOS = ["server", "letters", "export", "dashboard"] as const;
type Scenario = (typeof ALL_SCENARIOS)[number];
const SCENARIOS = new Set((process.env.BENCH_SCENARIOS ?? ALL_SCENARIOS.join(",")).split(",").map((x) => x.trim()));
for (const x of SCENARIOS) if (!(ALL_SCENARIOS as readonly string[]).includes(x)) throw new Error(`BENCH_SCENARIOS: unknown scenario ${x}`);
const wants = (x: Scenario) => SCENARIOS.has(x);
const PG_DATABASE = process.env.BENCH_PG_DATABASE ?? "constituent_bench";
if (!/^[a-z_][a-z0-9_]*$/.test(PG_DATABASE)) throw new Error("BENCH_PG_DATABASE: lower-case letters, digits and _ only");
const REUSE = process.env.BENCH_REUSE === "1";
/** What an organizer may wait for the dashboard (issue #12). */
const DASHBOARD_TARGET_MS = 200;
/** The public count's cache lifetime (lib/campaigns/public.ts): the staleness to compare against. */
const COUNT_CACHE_SECONDS = 5;

interface Row {
  database: string;
  scenario: string;
  result: string;
  p99: string;
  errors: string;
  baseline: string;
  baselineResult: string;
  /** Our throughput over the baseline's (for timings: baseline time over ours). */
  ratio: string;
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const started = Date.now();
const elapsed = () => `${Math.round((Date.now() - started) / 1000)}s`;

async function load(url: string, opts: { method?: "GET" | "POST"; body?: (i: number) => string; seconds?: number } = {}) {
  let i = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: opts.seconds ?? SECONDS,
    method: opts.method ?? "GET",
    requests: opts.body
      ? [
          {
            setupRequest: (req) => {
              i++;
              return {
                ...req,
                body: opts.body!(i),
                headers: { ...req.headers, "content-type": "application/json", "x-forwarded-for": `198.18.${(i >> 8) & 255}.${i & 255}` },
              };
            },
          },
        ]
      : undefined,
  });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx + result.timeouts };
}

const signBody = (tag: string) => (i: number) =>
  JSON.stringify({ name: `Bench Signer ${i}`, email: `bench.${tag}.${i}@example.org`, residency: "resident", postalCode: "K1A 0A6" });

/**
 * Both POST routes, a few times each, before they are measured: the first requests load the
 * route's server chunks and derive the campaign's sealing keys, which a server that has been
 * taking signatures has long done, and which should not count in a surge's figures. Addresses
 * from 198.19.0.0/16, which the load does not use.
 */
async function warmPosts(base: string) {
  const tag = `warm${Date.now().toString(36)}`;
  for (let i = 0; i < 5; i++) {
    await fetch(`${base}/api/test-hooks/baseline`, { method: "POST" }).then((r) => r.arrayBuffer());
    await fetch(`${base}/api/campaigns/${SLUG}/signatures`, {
      method: "POST",
      body: signBody(tag)(i),
      headers: { "content-type": "application/json", "x-forwarded-for": `198.19.250.${i}` },
    }).then((r) => r.arrayBuffer());
  }
}

/** GETs of `count` paths, `pathOf(i)` each, 50 at a time; the number that failed. */
async function requestMany(base: string, count: number, pathOf: (i: number) => string): Promise<number> {
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < count) {
        const i = next++;
        const r = await fetch(`${base}${pathOf(i)}`).catch(() => null);
        if (!r) failed++;
        else await r.arrayBuffer();
      }
    }),
  );
  return failed;
}

const UNKNOWN_SLUG_REQUESTS = Number(process.env.BENCH_UNKNOWN_SLUGS ?? 10_000);

/**
 * What a flood of made-up campaign addresses costs the server in memory: its RSS after
 * UNKNOWN_SLUG_REQUESTS requests for random slugs (each a 404) against the same number for the
 * demo campaign, each measured after a warm-up round of the same kind and a short settle.
 */
async function unknownSlugMemory(database: Database, server: Server): Promise<Row> {
  const growth = async (pathOf: (i: number) => string) => {
    await requestMany(server.base, 1_000, pathOf);
    await sleep(1_000);
    const before = server.rss();
    const failed = await requestMany(server.base, UNKNOWN_SLUG_REQUESTS, pathOf);
    await sleep(1_000);
    return { growth: server.rss() - before, before, failed };
  };
  const known = await growth(() => `/en/campaigns/${SLUG}`);
  const tag = Date.now().toString(36);
  const unknown = await growth((i) => `/en/campaigns/no-such-${tag}-${i}-${Math.random().toString(36).slice(2, 10)}`);
  const mib = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(1)} MiB`;
  return {
    database: database.label,
    scenario: `${UNKNOWN_SLUG_REQUESTS.toLocaleString("en")} requests for random unknown campaign slugs (server RSS growth)`,
    result: `${mib(unknown.growth)} (from ${unknown.before.toFixed(0)} MiB); target under 20 MiB`,
    p99: "",
    errors: String(unknown.failed),
    baseline: `${UNKNOWN_SLUG_REQUESTS.toLocaleString("en")} requests for the demo campaign`,
    baselineResult: mib(known.growth),
    ratio: `${mib(unknown.growth - known.growth)} more`,
  };
}

/**
 * How far behind the public count gets: while a signing load runs, signatures are confirmed in the
 * database behind the page's back (as another instance would) and the page is polled; for each
 * poll, the lag is how long the database had already held a higher count than the page showed.
 */
async function countStaleness(base: string) {
  const truth: { at: number; count: number }[] = [];
  const polls: { at: number; shown: number }[] = [];
  let pollErrors = 0;
  let stop = false;
  const confirmLoop = async () => {
    while (!stop) {
      const r = await fetch(`${base}/api/test-hooks/confirm-pending?campaign=${SLUG}&n=5`, { method: "POST" }).catch(() => null);
      if (r?.ok) truth.push({ at: Date.now(), count: ((await r.json()) as { confirmed: number }).confirmed });
      await sleep(200);
    }
  };
  const pollLoop = async () => {
    while (!stop) {
      const at = Date.now();
      const r = await fetch(`${base}/en/campaigns/${SLUG}`).catch(() => null);
      const html = r?.ok ? await r.text() : "";
      const m = /data-testid="signature-count"[^>]*>([^<]*)/.exec(html);
      if (m) polls.push({ at, shown: Number(m[1].split(/ of | sur /)[0].replace(/[^\d]/g, "")) });
      else pollErrors++;
      await sleep(200);
    }
  };
  const loops = [confirmLoop(), pollLoop()];
  const signing = await load(`${base}/api/campaigns/${SLUG}/signatures`, { method: "POST", body: signBody(`stale${Date.now().toString(36)}`) });
  stop = true;
  await Promise.all(loops);
  let maxLag = 0;
  for (const p of polls) {
    const firstAhead = truth.find((t) => t.count > p.shown && t.at <= p.at);
    if (firstAhead) maxLag = Math.max(maxLag, p.at - firstAhead.at);
  }
  return { maxLagSeconds: maxLag / 1000, polls: polls.length, pollErrors, signingRps: signing.rps };
}

async function serverScenarios(database: Database, port: number, rows: Row[]) {
  await withServer(database, port, async (base, server) => {
    // Warm up the routes (first-request compilation of server chunks, pools).
    for (let i = 0; i < 3; i++) {
      await fetch(`${base}/bench-static.html`);
      await fetch(`${base}/en/campaigns/${SLUG}`);
    }
    await warmPosts(base);
    const baseline = await load(`${base}/api/test-hooks/baseline`, { method: "POST" });
    const signing = await load(`${base}/api/campaigns/${SLUG}/signatures`, { method: "POST", body: signBody(Date.now().toString(36)) });
    rows.push({
      database: database.label,
      scenario: `signing (POST JSON, ${CONNECTIONS} connections)`,
      result: `${signing.rps.toFixed(0)} req/s`,
      p99: String(signing.p99),
      errors: String(signing.errors),
      baseline: "bare route inserting one row",
      baselineResult: `${baseline.rps.toFixed(0)} req/s`,
      ratio: pct(signing.rps / baseline.rps),
    });
    console.log(`[${elapsed()}] ${database.label}: signing done`);
    // A page Next.js prerendered at build time (app/bench-static.html, test build only).
    const staticPage = await load(`${base}/bench-static.html`);
    server.resetPeak();
    const campaign = await load(`${base}/en/campaigns/${SLUG}`);
    const campaignPeak = server.peakRss();
    rows.push({
      database: database.label,
      scenario: "campaign page (GET)",
      result: `${campaign.rps.toFixed(0)} req/s, server peak RSS ${campaignPeak.toFixed(0)} MiB`,
      p99: String(campaign.p99),
      errors: String(campaign.errors),
      baseline: "static Next.js page",
      baselineResult: `${staticPage.rps.toFixed(0)} req/s`,
      ratio: pct(campaign.rps / staticPage.rps),
    });
    rows.push(await unknownSlugMemory(database, server));
    console.log(`[${elapsed()}] ${database.label}: unknown slugs done`);
    const stale = await countStaleness(base);
    rows.push({
      database: database.label,
      scenario: `public count staleness under signing load (${stale.signingRps.toFixed(0)} signings/s, ${stale.polls} polls)`,
      result: `max ${stale.maxLagSeconds.toFixed(1)} s behind`,
      p99: "",
      errors: String(stale.pollErrors),
      baseline: "count cache lifetime",
      baselineResult: `${COUNT_CACHE_SECONDS} s`,
      ratio: pct(stale.maxLagSeconds / COUNT_CACHE_SECONDS),
    });
    console.log(`[${elapsed()}] ${database.label}: pages and staleness done`);
  });
  // The same signing load on a web-only instance (WORKER_MODE=off), as a deployment that runs its
  // queue workers elsewhere would have: the confirmation emails then cost this server nothing.
  await withServer(
    database,
    port,
    async (base) => {
      await fetch(`${base}/bench-static.html`);
      await warmPosts(base);
      const baseline = await load(`${base}/api/test-hooks/baseline`, { method: "POST" });
      const signing = await load(`${base}/api/campaigns/${SLUG}/signatures`, { method: "POST", body: signBody(`web${Date.now().toString(36)}`) });
      rows.push({
        database: database.label,
        scenario: `signing on a web-only instance (WORKER_MODE=off, ${CONNECTIONS} connections)`,
        result: `${signing.rps.toFixed(0)} req/s`,
        p99: String(signing.p99),
        errors: String(signing.errors),
        baseline: "bare route inserting one row",
        baselineResult: `${baseline.rps.toFixed(0)} req/s`,
        ratio: pct(signing.rps / baseline.rps),
      });
      console.log(`[${elapsed()}] ${database.label}: web-only signing done`);
    },
    { WORKER_MODE: "off" },
    false,
  );
}

/** Work that runs outside a request, measured in this process on the database the server left. */
async function offlineScenarios(database: Database, rows: Row[]) {
  const stub = await startSmtpStub();
  Object.assign(process.env, {
    PGLITE_DIR: database.dataDir,
    SMTP_URL: stub.url,
    LETTER_DAILY_CAP_PER_OFFICE: "100000000",
    QUEUE_POLL_SECONDS: "0.5",
    LOG_LEVEL: "warn",
    MAIL_FROM_DOMAIN: "bench.constituent.localhost",
  });
  if (database.url) process.env.DATABASE_URL = database.url;
  else delete process.env.DATABASE_URL;
  const { resetEnvCache } = await import("@/lib/server/env");
  resetEnvCache();
  const { closeDatabase, getDb, getDbHandle } = await import("@/lib/server/db");
  const { stopQueue, QUEUES } = await import("@/lib/jobs/queue");
  const { startWorkers } = await import("@/lib/jobs/worker");
  const { closeMail } = await import("@/lib/server/mail");
  const { buildLetterEmail, loadLetterEnvelope } = await import("@/lib/letters/deliver");
  const { getCampaignDashboard, refreshDashboardSnapshots } = await import("@/lib/organizer/dashboard");
  const { exportFilterSchema, streamSignaturesCsv } = await import("@/lib/organizer/exports");
  const { getActorForUser } = await import("@/lib/organizer/organizations");
  try {
    // A handle the previous database's run reopened after it closed (a late queue poll) would
    // still be registered: drop it, so this run opens the database it names.
    await closeDatabase();
    if (!wants("server")) {
      // No server booted this database: prepare it here as boot would (schema, reference data, demo).
      if (!database.url && !REUSE) rmSync(database.dataDir, { recursive: true, force: true });
      const { migrateDatabase } = await import("@/db/migrate");
      const { seedDemo, seedReferenceData } = await import("@/db/seed");
      const { ridings } = await import("@/db/schema");
      const handle = await getDbHandle();
      await migrateDatabase(handle);
      const [{ n }] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(ridings);
      if (n === 0) await seedReferenceData(handle.db);
      await seedDemo(handle.db);
    }
    const db = await getDb();
    const where = (await db.execute(sql`select current_database() as name`)) as unknown as { rows: { name: string }[] };
    const expected = database.url ? new URL(database.url).pathname.slice(1) : "postgres";
    if (where.rows[0].name !== expected) throw new Error(`offline scenarios on ${where.rows[0].name}, expected ${expected}`);
    const campaignId = await campaignIdBySlug(db, SLUG);

    if (wants("letters")) {
      // Letters: N queued letters from distinct signatures, delivered by the queue workers.
      const messageIds = await bulkQueuedLetters(db, campaignId, LETTERS, `bl${Date.now().toString(36)}`);
      const t0 = performance.now();
      await startWorkers({ queues: [QUEUES.letter] });
      for (;;) {
        const c = await letterStatusCounts(db, campaignId);
        if ((c.sent ?? 0) + (c.failed ?? 0) >= LETTERS || performance.now() - t0 > 240_000) break;
        await sleep(100);
      }
      const letterSeconds = (performance.now() - t0) / 1000;
      await stopQueue();
      await closeMail();
      const counts = await letterStatusCounts(db, campaignId);
      const letterConnections = stub.connections();
      const distinct = new Set(stub.received).size;
      const duplicates = stub.received.length - distinct;
      const allThere = messageIds.every((m) => stub.received.includes(m));

      // Baseline: the same messages, straight from nodemailer's pooled transport to the same sink.
      const sample = (await db.execute(sql`select id from letters where campaign_id = ${campaignId} limit 1`)) as unknown as { rows: { id: string }[] };
      const sampleId = sample.rows[0].id;
      const mail = buildLetterEmail((await loadLetterEnvelope(sampleId))!);
      stub.received.length = 0;
      // host/port, not { url }: nodemailer only pools when given its options this way.
      const transport = nodemailer.createTransport({ host: "127.0.0.1", port: stub.port, secure: false, ignoreTLS: true, pool: true, maxConnections: 5 });
      const connectionsBefore = stub.connections();
      const t1 = performance.now();
      await Promise.all(
        messageIds.map((_, i) =>
          transport.sendMail({ ...mail, to: { name: mail.to.name ?? "", address: mail.to.address || "office@example.org" }, messageId: `<baseline-${i}@bench.constituent.localhost>` }),
        ),
      );
      const rawSeconds = (performance.now() - t1) / 1000;
      const rawConnections = stub.connections() - connectionsBefore;
      transport.close();
      rows.push({
        database: database.label,
        scenario: `letters to a local SMTP sink (${LETTERS}, queue workers, lib/mail relay transport)`,
        result: `${(LETTERS / letterSeconds).toFixed(0)} letters/s (sent ${counts.sent ?? 0}, failed ${counts.failed ?? 0}, ${duplicates} duplicates${allThere ? "" : ", SOME MISSING"}; ${letterConnections} SMTP connections)`,
        p99: "",
        errors: String(counts.failed ?? 0),
        baseline: "raw nodemailer pooled sends of the same messages",
        baselineResult: `${(LETTERS / rawSeconds).toFixed(0)} msgs/s (${rawConnections} connections)`,
        ratio: pct(rawSeconds / letterSeconds),
      });
      console.log(`[${elapsed()}] ${database.label}: letters done`);
    } else if ((await letterStatusCounts(db, campaignId)).sent === undefined) {
      // The dashboard counts letters per MP too: the same letters, recorded as sent without mail.
      await bulkQueuedLetters(db, campaignId, LETTERS, `bl${Date.now().toString(36)}`);
      await stopQueue();
      await db.execute(sql`update letters set status = 'sent', sending_at = now(), sent_at = now() where campaign_id = ${campaignId} and status = 'queued'`);
    }

    if (!wants("export") && !wants("dashboard")) return;
    // A million signatures (fewer on PGlite), then the export and the dashboard over them.
    const n = ROWS[database.label];
    const generated = (await db.execute(
      sql`select count(*)::int as n from signatures s join supporters p on p.id = s.supporter_id where s.campaign_id = ${campaignId} and p.email_canonical like 'bx%'`,
    )) as unknown as { rows: { n: number }[] };
    if (REUSE && generated.rows[0].n >= n) {
      console.log(`[${elapsed()}] ${database.label}: reusing ${generated.rows[0].n} generated signatures`);
    } else {
      const t2 = performance.now();
      await bulkSignatures(db, campaignId, n, `bx${Date.now().toString(36)}`);
      await db.execute(sql`analyze`);
      const insertSeconds = (performance.now() - t2) / 1000;
      console.log(`[${elapsed()}] ${database.label}: ${n} signatures generated in ${insertSeconds.toFixed(0)} s`);
    }
    const users = (await db.execute(sql`select id from users where email = ${ORGANIZER_EMAIL}`)) as unknown as { rows: { id: string }[] };
    const actor = (await getActorForUser(users.rows[0].id, ORG_SLUG))!;

    if (wants("export")) {
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
      const t3 = performance.now();
      const exp = await streamSignaturesCsv(actor, campaignId, exportFilterSchema.parse({ status: "confirmed" }));
      if (!exp.ok) throw new Error(`export refused: ${exp.error}`);
      const reader = exp.stream.getReader();
      let bytes = 0;
      let lines = 0;
      // Flat memory means the peak after a tenth of the rows is about the peak after all of them;
      // the live heap after a full collection (node --expose-gc) says the same without the
      // collector's laziness.
      const gc = (globalThis as { gc?: () => void }).gc;
      const liveHeap = () => {
        gc?.();
        return process.memoryUsage().heapUsed;
      };
      const heapBefore = liveHeap();
      let peakAtTenth: number | null = null;
      let heapAtTenth: number | null = null;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
        if (peakAtTenth === null && lines >= n / 10) {
          peakAtTenth = Math.max(peak, process.memoryUsage().rss);
          heapAtTenth = liveHeap();
        }
      }
      const heapAtEnd = liveHeap();
      const mib = (b: number) => (Math.max(0, b) / 2 ** 20).toFixed(0);
      const liveHeapNote = gc ? `; live heap after GC +${mib((heapAtTenth ?? heapAtEnd) - heapBefore)} MiB at a tenth, +${mib(heapAtEnd - heapBefore)} MiB at the end` : "";
      const exportSeconds = (performance.now() - t3) / 1000;
      clearInterval(sampler);
      const t4 = performance.now();
      await db.execute(sql`
        select count(*), sum(length(s.name) + length(u.email) + length(coalesce(r.name_en, '')))
        from signatures s join supporters u on u.id = s.supporter_id left join ridings r on r.fed_num = s.riding_fed_num
        where s.campaign_id = ${campaignId} and s.status = 'confirmed'`);
      const scanSeconds = (performance.now() - t4) / 1000;
      rows.push({
        database: database.label,
        scenario: `CSV export of ${(lines - 2).toLocaleString("en")} confirmed signatures (streamSignaturesCsv)`,
        result: `${exportSeconds.toFixed(1)} s, ${(bytes / 2 ** 20).toFixed(0)} MiB, peak RSS +${(((peakAtTenth ?? peak) - rssBefore) / 2 ** 20).toFixed(0)} MiB after the first tenth of the rows, +${((peak - rssBefore) / 2 ** 20).toFixed(0)} MiB after all${liveHeapNote}`,
        p99: "",
        errors: "0",
        baseline: "one SQL pass over the same rows and columns (count, sum of lengths)",
        baselineResult: `${scanSeconds.toFixed(1)} s`,
        ratio: pct(scanSeconds / exportSeconds),
      });
      console.log(`[${elapsed()}] ${database.label}: export done`);
      await encryptionCost(database, rows, { db, actor, campaignId, exportSeconds });
    }

    if (wants("dashboard")) await dashboardScenarios(database, rows, { db, actor, campaignId, n, getCampaignDashboard, refreshDashboardSnapshots });
  } finally {
    await stopQueue().catch(() => {});
    await closeMail().catch(() => {});
    await closeDatabase();
    await stub.close();
  }
}

/** The time of `runs` calls of f, the median (and the slowest, for the target). */
async function timings(f: () => Promise<unknown>, runs: number): Promise<{ median: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)], max: times[runs - 1] };
}

/** What the in-process scenarios share: the database, the demo organizer, the generated campaign. */
interface OfflineContext {
  db: Awaited<ReturnType<typeof import("@/lib/server/db").getDb>>;
  actor: import("@/lib/organizer/organizations").Actor;
  campaignId: string;
}

/**
 * What encryption at rest (decision 0027) costs, against baselines measured here: the export
 * above read every personal field sealed; the same export of the campaign marked
 * deliver-then-delete runs the same queries over the same rows but opens none of them. And the
 * sealing each signature does, in process, against the signing route's time per request.
 */
async function encryptionCost(
  database: Database,
  rows: Row[],
  ctx: OfflineContext & { exportSeconds: number },
): Promise<void> {
  const { db, actor, campaignId, exportSeconds } = ctx;
  // Imported here, like the rest of lib/, once the environment points at this database.
  const { eq } = await import("drizzle-orm");
  const { campaigns } = await import("@/db/schema");
  const { exportFilterSchema, streamSignaturesCsv } = await import("@/lib/organizer/exports");
  const { lookupHasher, sealerFor, sealerForCampaign } = await import("@/lib/privacy/encryption");
  await db.update(campaigns).set({ deliverThenDelete: true }).where(eq(campaigns.id, campaignId));
  const t = performance.now();
  const exp = await streamSignaturesCsv(actor, campaignId, exportFilterSchema.parse({ status: "confirmed" }));
  if (!exp.ok) throw new Error(`export refused: ${exp.error}`);
  const reader = exp.stream.getReader();
  while (!(await reader.read()).done);
  const unopenedSeconds = (performance.now() - t) / 1000;
  await db.update(campaigns).set({ deliverThenDelete: false }).where(eq(campaigns.id, campaignId));
  rows.push({
    database: database.label,
    scenario: "CSV export with every name, address, postal code and comment opened (the export above)",
    result: `${exportSeconds.toFixed(1)} s`,
    p99: "",
    errors: "0",
    baseline: "the same export opening nothing (the campaign marked deliver-then-delete)",
    baselineResult: `${unopenedSeconds.toFixed(1)} s`,
    ratio: pct(unopenedSeconds / exportSeconds),
  });

  // Sealing what one signature stores: name, address, postal code, comment (signature), name,
  // address, postal code (flow), the supporter's address, and the look-up hash.
  const [seal, sealAddress, hash] = await Promise.all([sealerForCampaign(db, campaignId), sealerFor(db, "platform"), lookupHasher(db)]);
  const n = 20_000;
  const t2 = performance.now();
  for (let i = 0; i < n; i++) {
    const email = `bench.${i}@example.org`;
    seal("Anahit Bench-Signer");
    seal(email);
    seal("K1A 0A6");
    seal("A comment of a typical length about arms-export permits and why they matter.");
    seal("Anahit Bench-Signer");
    seal(email);
    seal("K1A 0A6");
    sealAddress(email);
    hash(email);
  }
  const sealMicros = ((performance.now() - t2) * 1000) / n;
  const signing = rows.find((r) => r.database === database.label && r.scenario.startsWith("signing (POST JSON"));
  const rps = signing ? Number.parseFloat(signing.result) : NaN;
  rows.push({
    database: database.label,
    scenario: "sealing one signature's personal fields (8 AES-256-GCM seals, 1 HMAC), in process",
    result: `${sealMicros.toFixed(1)} µs`,
    p99: "",
    errors: "0",
    baseline: "the signing route's CPU budget per signature at its measured rate (one core ÷ signings per second)",
    baselineResult: Number.isFinite(rps) ? `${(1e6 / rps).toFixed(0)} µs` : "not measured in this run",
    ratio: Number.isFinite(rps) ? `${((sealMicros * rps) / 1e4).toFixed(2)}% of a core` : "",
  });
}

/**
 * The organizer's dashboard over the generated signatures: the live aggregate (what a read costs
 * when the snapshot is missing or over a minute old, and what the refresh job runs), the read as an
 * organizer gets it (the snapshot the job keeps fresh), and one job tick after a new confirmation.
 */
async function dashboardScenarios(
  database: Database,
  rows: Row[],
  ctx: OfflineContext & {
    n: number;
    getCampaignDashboard: typeof import("@/lib/organizer/dashboard").getCampaignDashboard;
    refreshDashboardSnapshots: typeof import("@/lib/organizer/dashboard").refreshDashboardSnapshots;
  },
) {
  const { db, actor, campaignId, n, getCampaignDashboard, refreshDashboardSnapshots } = ctx;
  const count = await timings(() => db.execute(sql`select count(*) from signatures where campaign_id = ${campaignId}`), 3);
  // maxAgeSeconds 0: no snapshot is young enough, so every call computes live (and stores its result).
  const live = await timings(() => getCampaignDashboard(actor, campaignId, "en", { maxAgeSeconds: 0 }), 3);
  rows.push({
    database: database.label,
    scenario: `dashboard aggregate at ${n.toLocaleString("en")} signatures, live (getCampaignDashboard with no fresh snapshot, median of 3)`,
    result: `${live.median.toFixed(0)} ms`,
    p99: "",
    errors: "0",
    baseline: "select count(*) of the campaign's rows",
    baselineResult: `${count.median.toFixed(0)} ms`,
    ratio: pct(count.median / live.median),
  });
  // The read as an organizer gets it: the snapshot the last live read stored, under a minute old.
  const stored = await getCampaignDashboard(actor, campaignId, "en");
  const snapshot = await timings(() => getCampaignDashboard(actor, campaignId, "en"), 9);
  const again = await getCampaignDashboard(actor, campaignId, "en");
  const fromSnapshot = stored !== null && again !== null && again.computedAt.getTime() === stored.computedAt.getTime();
  rows.push({
    database: database.label,
    scenario: `dashboard read as an organizer gets it at ${n.toLocaleString("en")} signatures (getCampaignDashboard from its snapshot, median of 9)`,
    result: `${snapshot.median.toFixed(0)} ms (slowest ${snapshot.max.toFixed(0)} ms; target under ${DASHBOARD_TARGET_MS} ms${fromSnapshot ? "" : "; NOT FROM THE SNAPSHOT"})`,
    p99: "",
    errors: fromSnapshot ? "0" : "1",
    baseline: "the live aggregate",
    baselineResult: `${live.median.toFixed(0)} ms`,
    ratio: pct(live.median / snapshot.median),
  });
  // One more confirmed signature, then one tick of the refresh job: the next read shows it.
  const before = again?.byStatus.confirmed ?? 0;
  const tag = `bd${Date.now().toString(36)}`;
  await db.execute(sql`insert into supporters (email, email_canonical) values (${`${tag}@example.org`}, ${`${tag}@example.org`})`);
  await db.execute(sql`
    insert into signatures (campaign_id, supporter_id, status, name, residency, riding_fed_num, province_code, confirmed_at)
    select ${campaignId}::uuid, s.id, 'confirmed', 'Bench Late Signer', 'resident', r.fed_num, r.province_code, now()
    from supporters s, (select fed_num, province_code from ridings order by fed_num limit 1) r where s.email_canonical = ${`${tag}@example.org`}`);
  const t = performance.now();
  const tick = await refreshDashboardSnapshots({ olderThanSeconds: 0 });
  const tickMs = performance.now() - t;
  const after = await getCampaignDashboard(actor, campaignId, "en");
  const shown = after?.byStatus.confirmed === before + 1;
  rows.push({
    database: database.label,
    scenario: `dashboard snapshot refresh after a new confirmation (one tick of refreshDashboardSnapshots, ${tick.refreshed} of ${tick.candidates} campaigns refreshed)`,
    result: `${tickMs.toFixed(0)} ms; the next read ${shown ? "shows" : "DOES NOT SHOW"} the new signature`,
    p99: "",
    errors: shown ? "0" : "1",
    baseline: "the live aggregate",
    baselineResult: `${live.median.toFixed(0)} ms`,
    ratio: pct(live.median / tickMs),
  });
  console.log(`[${elapsed()}] ${database.label}: dashboard done`);
}

async function freshPostgresDatabase(adminUrl: string): Promise<string> {
  const { Client } = await import("pg");
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = (await admin.query("select 1 from pg_database where datname = $1", [PG_DATABASE])).rowCount === 1;
  if (!REUSE || !exists) {
    await admin.query(`drop database if exists ${PG_DATABASE} with (force)`);
    await admin.query(`create database ${PG_DATABASE}`);
  }
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${PG_DATABASE}`;
  return u.toString();
}

async function main() {
  // The benchmarks' baseline routes exist only in the test build (CONSTITUENT_TEST_HOOKS=1, in
  // .next-test): the same code as production plus lib/testing/hooks.ts (docs/decisions/0018).
  if (wants("server") && (!existsSync(path.join(root, ".next-test", "BUILD_ID")) || process.env.BENCH_REBUILD === "1")) {
    const b = spawnSync(process.execPath, [next, "build"], { cwd: root, stdio: "inherit", env: { ...process.env, CONSTITUENT_TEST_HOOKS: "1" } });
    if (b.status !== 0) process.exit(1);
  }
  const databases: Database[] = [{ label: "pglite", dataDir: process.env.BENCH_PGLITE_DIR ?? path.join(root, ".data", "bench-pglite") }];
  // BENCH_DATABASES=pglite (or postgres) runs one of the two, e.g. for a quick smoke run.
  const wanted = (process.env.BENCH_DATABASES ?? "pglite,postgres").split(",").map((d) => d.trim());
  if (!wanted.includes("pglite")) databases.length = 0;
  let pgAdmin = wanted.includes("postgres") ? (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL) : undefined;
  // No PostgreSQL given: start a throwaway cluster of our own when the binaries are installed
  // (as the fault tests do), so a fresh clone benchmarks both databases.
  let cluster: Cluster | null = null;
  if (!pgAdmin && wanted.includes("postgres")) {
    try {
      cluster = createCluster(Number(process.env.BENCH_PG_PORT ?? 54391));
      pgAdmin = cluster.url;
      console.log("postgres: throwaway cluster started for the benchmark");
    } catch (err) {
      console.log(`postgres: skipped (${err instanceof Error ? err.message.split("\n")[0] : err})`);
    }
  }
  process.on("exit", () => cluster?.destroy());
  if (pgAdmin) databases.push({ label: "postgres", url: await freshPostgresDatabase(pgAdmin), dataDir: path.join(root, ".data", "bench-postgres") });

  const rows: Row[] = [];
  let port = Number(process.env.BENCH_PORT ?? 3700);
  for (const database of databases) {
    if (wants("server")) await serverScenarios(database, port++, rows);
    await offlineScenarios(database, rows);
  }

  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const table = [
    "| database | scenario | result | p99 ms | errors | baseline | baseline result | ratio |",
    "|---|---|---|---:|---:|---|---|---:|",
    ...rows.map((r) => `| ${r.database} | ${r.scenario} | ${r.result} | ${r.p99} | ${r.errors} | ${r.baseline} | ${r.baselineResult} | ${r.ratio} |`),
  ].join("\n");
  const total = Math.round((Date.now() - started) / 1000);
  console.log(`\n${table}\n\n(${total} s in all)\n`);
  // A subset of the scenarios, or a reused database, is a measurement for its author, not the record.
  if (SCENARIOS.size < ALL_SCENARIOS.length || REUSE) return;
  const file = path.join(root, "BENCHMARKS.md");
  // The soak's section (npm run bench:soak) is its own run's: kept as it is.
  const previous = existsSync(file) ? readFileSync(file, "utf8") : "";
  const soak = previous.includes("## Sustained mixed load") ? `\n${previous.slice(previous.indexOf("## Sustained mixed load"))}` : "";
  writeFileSync(
    file,
    `# Benchmarks

Latest \`npm run bench\` (${new Date().toISOString().slice(0, 16)}Z, ${total} s in all) on ${machine}. Each server runs \`next start\` of the test build (.next-test: the production code plus lib/testing/hooks.ts, whose bare routes are the baselines) on a fresh database${pgAdmin ? "" : " (PGlite only: no PostgreSQL was given or installed: set BENCH_DATABASE_URL or TEST_DATABASE_URL)"}; load from autocannon on loopback, ${CONNECTIONS} connections for ${SECONDS} s per HTTP scenario. Ratios compare against a baseline measured in the same run on the same machine, so they travel between machines better than the absolute figures: for throughputs, ours over the baseline's; for timings, the baseline's time over ours (100% = as fast as the baseline).

${table}

What each figure means:
- **signing**: sustained JSON signature submissions (validation, supporter upsert, signature insert, rate-limit bookkeeping and the confirmation job, all in one transaction) against a bare route on the same server inserting one row. Target: at least 50% of the baseline.
- **signing on a web-only instance**: the same load against an instance started with \`WORKER_MODE=off\` (workers in their own process, as in production at scale), so the confirmation emails are not sent from the server under load.
- **campaign page**: the campaign page, a static document from a route handler under a strict CSP (docs/decisions/0021), rendered again only when its count (per-instance ${COUNT_CACHE_SECONDS} s cache) or content changes, against a page Next.js prerendered at build time (app/bench-static.html, test build only). Server peak RSS: the \`next start\` process and its children during that load. Target: at least 90% of the baseline, p99 under 100 ms.
- **random unknown campaign slugs**: the server's resident memory before and after ${UNKNOWN_SLUG_REQUESTS.toLocaleString("en")} requests for made-up slugs (each a 404), after a warm-up round, against the same number of requests for the demo campaign. Target: under 20 MiB: unknown slugs are not cached.
- **public count staleness**: during a signing load, signatures are confirmed in the database behind the page's back (as confirmations handled by another instance would be) every 200 ms, and the public page is polled every 200 ms; the figure is the longest time the page showed a lower count than the database already held. A confirmation handled by the same instance drops its cache at once, so this is the multi-instance worst case; the bound is the cache lifetime plus one render.
- **letters**: ${LETTERS} letters queued for distinct confirmed signatures (spread over every MP's office that takes letters one by one and has not bounced, daily cap lifted), delivered by the pg-boss letter workers (claim, envelope, lib/mail's relay transport for SMTP_URL, settle) to a minimal SMTP sink on loopback that records Message-IDs; every letter must arrive once. Baseline: the same message sent ${LETTERS} times through a bare nodemailer pooled transport (5 connections) to the same sink.
  The connection count shows whether the app's transport really pools: lib/mail parses SMTP_URL into host, port and credentials and asks for a pool of 5 (nodemailer ignores \`pool\` when given a \`url\`, which an earlier version did: one connection per message); the baseline holds 5 too.
- **CSV export**: the organizer's streamed export (keyset batches of 2,000 rows, CSV formula neutralisation) read to the end in this process; peak RSS is this process's resident memory above its level before the export, after the first tenth of the rows and after all of them: memory that stays flat shows about the same figure for both (the rest is garbage the collector has not yet needed to reclaim). Baseline: one SQL statement reading the same rows and columns (count and sum of lengths) inside the database, sending nothing: the floor for touching those rows. Chosen over \`COPY … TO STDOUT\`, which PGlite and node-postgres only offer through extra packages.
- **Encryption at rest** (decision 0027): every generated row carries real AES-256-GCM ciphertexts (the fixtures seal them as the app does). The export with every personal field opened is compared with the same export of the campaign marked deliver-then-delete, which runs the same queries over the same rows and opens nothing: the ratio is what opening costs. Sealing what one signature stores is timed in process and set against the signing route's CPU budget per signature at the rate measured above; the ratio is the share of one core encryption takes at that rate.
- **dashboard aggregate, live**: getCampaignDashboard when the campaign's snapshot is missing or over a minute old (totals, per-day, per-province, per-riding, letters per MP, funnel; one repeatable-read transaction, then the snapshot stored) against \`select count(*)\` of the same campaign's rows. The refresh job runs the same computation.
- **dashboard read as an organizer gets it**: getCampaignDashboard with a snapshot under a minute old (the refresh job keeps it so for campaigns with activity): one row read through the organization's campaign. Target: under ${DASHBOARD_TARGET_MS} ms at a million signatures. Baseline: the live aggregate.
- **dashboard snapshot refresh**: one tick of the refresh job (refreshDashboardSnapshots) after one more confirmed signature: the campaigns with activity since their snapshot are recomputed; the next read must show the new signature.
- PostgreSQL runs ${ROWS.postgres.toLocaleString("en")} generated signatures; PGlite (single-threaded WASM, one process) runs ${ROWS.pglite.toLocaleString("en")} to keep the whole run within ten minutes.
${soak}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
