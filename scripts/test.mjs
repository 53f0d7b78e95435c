#!/usr/bin/env node
// `npm test`: typecheck, lint, unit/integration tests on PGlite, the same tests on PostgreSQL when
// TEST_DATABASE_URL is set, then `next build` and Playwright end-to-end tests in Chromium against
// `next start` (on PGlite, and again on PostgreSQL when TEST_DATABASE_URL is set). Ends with one plain line "N passed, N failed" (CI reads it).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const results = [];
let passed = 0;
let failed = 0;
mkdirSync(path.join(root, "test-results"), { recursive: true });

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}`);
  const t = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  const ok = r.status === 0;
  results.push({ label, ok, seconds: Math.round((Date.now() - t) / 1000) });
  return ok;
}

function countVitest(file) {
  if (!existsSync(file)) return false;
  const j = JSON.parse(readFileSync(file, "utf8"));
  passed += j.numPassedTests ?? 0;
  failed += (j.numFailedTests ?? 0) + (j.numTotalTests === 0 ? 1 : 0);
  return true;
}

function countPlaywright(file) {
  if (!existsSync(file)) return false;
  const s = JSON.parse(readFileSync(file, "utf8")).stats ?? {};
  passed += s.expected ?? 0;
  failed += (s.unexpected ?? 0) + (s.flaky ?? 0);
  return true;
}

/** Drops and creates `name` on the server of `adminUrl`; returns its URL. */
function freshDatabase(adminUrl, name) {
  const script = `const { Client } = require("pg"); (async () => { const c = new Client({ connectionString: process.argv[1] });
    await c.connect(); await c.query('drop database if exists ${name} with (force)'); await c.query('create database ${name}'); await c.end(); })()
    .catch((e) => { console.error(e.message); process.exit(1); });`;
  const r = spawnSync(process.execPath, ["-e", script, adminUrl], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`could not create the database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const only = process.argv[2]; // optional: "unit" or "e2e"

if (!only) {
  if (!run("typecheck", bin("tsc"), ["--noEmit"])) failed++;
  if (!run("lint", bin("eslint"), ["."])) failed++;
}

if (!only || only === "unit") {
  const pgliteJson = path.join(root, "test-results", "unit-pglite.json");
  rmSync(pgliteJson, { force: true });
  run("unit + integration (PGlite)", bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${pgliteJson}`], { TEST_DATABASE_URL: "" });
  if (!countVitest(pgliteJson)) failed++; // the runner itself crashed
  if (process.env.TEST_DATABASE_URL) {
    const pgJson = path.join(root, "test-results", "unit-postgres.json");
    rmSync(pgJson, { force: true });
    run("unit + integration (PostgreSQL)", bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${pgJson}`]);
    if (!countVitest(pgJson)) failed++;
  } else {
    console.log("\n(TEST_DATABASE_URL not set: the PostgreSQL pass is skipped; .ci/run sets it.)");
  }
}

if (!only || only === "e2e") {
  if (run("next build", process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"])) {
    const e2eJson = path.join(root, "test-results", "e2e.json");
    rmSync(e2eJson, { force: true });
    run("end-to-end (Chromium, next start, PGlite)", bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson, E2E_DATABASE_URL: "" });
    if (!countPlaywright(e2eJson)) failed++;
    if (process.env.TEST_DATABASE_URL) {
      // The same suites against PostgreSQL, on a database of their own.
      const e2ePgJson = path.join(root, "test-results", "e2e-postgres.json");
      rmSync(e2ePgJson, { force: true });
      const url = freshDatabase(process.env.TEST_DATABASE_URL, "constituent_e2e");
      run("end-to-end (Chromium, next start, PostgreSQL)", bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2ePgJson, E2E_DATABASE_URL: url });
      if (!countPlaywright(e2ePgJson)) failed++;
    }
  } else failed++;
}

console.log("\n=== summary");
for (const r of results) console.log(`${r.ok ? "ok  " : "FAIL"} ${r.label} (${r.seconds}s)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || results.some((r) => !r.ok) ? 1 : 0);
