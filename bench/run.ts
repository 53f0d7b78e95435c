/**
 * `npm run bench`: runs the built app as a user would (`next start`) on PGlite and, when a
 * PostgreSQL server is given (BENCH_DATABASE_URL, or TEST_DATABASE_URL as .ci/run sets it), on
 * PostgreSQL; drives it with autocannon over loopback; and reports each figure as a ratio against a
 * baseline measured in the same run on the same server. Writes BENCHMARKS.md.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";

const root = path.resolve(import.meta.dirname, "..");
const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
const SLUG = "drone-sensors-export-oversight";
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

interface Row {
  database: string;
  scenario: string;
  rps: number;
  p99: number;
  errors: number;
  baseline: string;
  baselineRps: number;
  ratio: number;
}

async function load(url: string, opts: { method?: "GET" | "POST"; body?: (i: number) => string; headers?: Record<string, string> } = {}) {
  let i = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    method: opts.method ?? "GET",
    headers: opts.headers,
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

async function waitForHealth(base: string, child: ChildProcess) {
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error("server exited during start");
    try {
      const r = await fetch(`${base}/api/health`);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not become healthy");
}

async function withServer<T>(database: { label: string; url?: string }, port: number, fn: (base: string) => Promise<T>): Promise<T> {
  const dataDir = path.join(root, ".data", `bench-${database.label}`);
  rmSync(dataDir, { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    PUBLIC_URL: `http://localhost:${port}`,
    PGLITE_DIR: dataDir,
    AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0123",
    CONSTITUENT_BENCH_ROUTES: "true",
    TRUSTED_PROXY_HOPS: "1",
    SEED_DEMO: "always",
    LOG_LEVEL: "warn",
    NEXT_MANUAL_SIG_HANDLE: "true",
  };
  delete env.SMTP_URL;
  if (database.url) env.DATABASE_URL = database.url;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, [next, "start", "-p", String(port)], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  try {
    const base = `http://localhost:${port}`;
    await waitForHealth(base, child);
    return await fn(base);
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}

async function freshPostgresDatabase(adminUrl: string): Promise<string> {
  const { Client } = await import("pg");
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query("drop database if exists constituent_bench with (force)");
  await admin.query("create database constituent_bench");
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = "/constituent_bench";
  return u.toString();
}

async function main() {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
    const b = spawnSync(process.execPath, [next, "build"], { cwd: root, stdio: "inherit" });
    if (b.status !== 0) process.exit(1);
  }
  const databases: { label: string; url?: string }[] = [{ label: "pglite" }];
  const pgAdmin = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (pgAdmin) databases.push({ label: "postgres", url: await freshPostgresDatabase(pgAdmin) });

  const rows: Row[] = [];
  let port = 3700;
  for (const database of databases) {
    await withServer(database, port++, async (base) => {
      // Warm up the routes (first-request compilation of server chunks, pools).
      for (let i = 0; i < 3; i++) {
        await fetch(`${base}/en/privacy`);
        await fetch(`${base}/en/campaigns/${SLUG}`);
      }
      const baseline = await load(`${base}/api/bench/baseline`, { method: "POST" });
      const signing = await load(`${base}/api/campaigns/${SLUG}/signatures`, {
        method: "POST",
        body: (i) =>
          JSON.stringify({ name: `Bench Signer ${i}`, email: `bench.${Date.now().toString(36)}.${i}@example.org`, residency: "resident", postalCode: "K1A 0A6" }),
      });
      rows.push({ database: database.label, scenario: `signing (POST JSON, ${CONNECTIONS} connections)`, ...signing, baseline: "bare route inserting one row", baselineRps: baseline.rps, ratio: signing.rps / baseline.rps });
      const staticPage = await load(`${base}/en/privacy`);
      const campaign = await load(`${base}/en/campaigns/${SLUG}`);
      rows.push({ database: database.label, scenario: "campaign page (GET)", ...campaign, baseline: "static Next.js page", baselineRps: staticPage.rps, ratio: campaign.rps / staticPage.rps });
    });
  }

  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const table = [
    "| database | scenario | req/s | p99 ms | errors | baseline | baseline req/s | ratio |",
    "|---|---|---:|---:|---:|---|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.database} | ${r.scenario} | ${r.rps.toFixed(0)} | ${r.p99} | ${r.errors} | ${r.baseline} | ${r.baselineRps.toFixed(0)} | ${(r.ratio * 100).toFixed(0)}% |`,
    ),
  ].join("\n");
  console.log(`\n${table}\n`);
  writeFileSync(
    path.join(root, "BENCHMARKS.md"),
    `# Benchmarks\n\nLatest \`npm run bench\` (${new Date().toISOString().slice(0, 16)}Z) on ${machine}. Each server runs \`next start\` on a fresh database; load from autocannon on loopback, ${CONNECTIONS} connections for ${SECONDS} s per scenario. Ratios compare against a baseline measured in the same run on the same server, so they travel between machines better than the absolute figures.\n\n${table}\n\nWhat each figure means:\n- **signing**: sustained JSON signature submissions (validation, supporter upsert, signature insert, rate-limit bookkeeping and the confirmation job, all in one transaction) against a bare route on the same server inserting one row. Target: at least 50% of the baseline.\n- **campaign page**: full server render of the campaign page (count served from the per-instance 5 s cache) against a prerendered static page.\n\nNot yet measured (see issue #5): letters per second to a local SMTP sink, a million-row CSV export, the per-riding dashboard aggregate at a million signatures, and count staleness under a signing load.\n`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
