#!/usr/bin/env node
// `npm test`: typecheck, lint, unit/integration tests on PGlite, the same tests on PostgreSQL when
// TEST_DATABASE_URL is set, then the production `next build` (checked to serve no test or bench
// route), the test build (CONSTITUENT_TEST_HOOKS=1, in .next-test) and Playwright end-to-end tests
// in Chromium against it (on PGlite, and again on PostgreSQL when TEST_DATABASE_URL is set).
// With NODE24_BIN set (a Node 24 binary; .ci/run installs one), the PostgreSQL passes run on it
// while the PGlite passes run on this Node: both versions proven without doubling the time.
// Ends with one plain line "N passed, N failed" (CI reads it).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const results = [];
const node24 = process.env.NODE24_BIN || null;
const nodeLabel = (bin) => `Node ${spawnSync(bin, ["--version"], { encoding: "utf8" }).stdout.trim()}`;
const here = nodeLabel(process.execPath);
const there = node24 ? nodeLabel(node24) : here;
const vitestJs = path.join(root, "node_modules", "vitest", "vitest.mjs");
const playwrightJs = path.join(root, "node_modules", "@playwright", "test", "cli.js");
const nextJs = path.join(root, "node_modules", "next", "dist", "bin", "next");
/** Runs `node` (PATH included, for Playwright's webServer command) as the given binary. */
const withNode = (bin) => ({ PATH: `${path.dirname(bin)}${path.delimiter}${process.env.PATH ?? ""}` });
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

/** Each failed test and the start of its error, printed again after the summary (CI shows the tail). */
const failures = [];
const firstLines = (message, n = 6) =>
  String(message ?? "")
    .replace(/\u001b\[[0-9;]*m/g, "")
    .split("\n")
    .filter((l) => l.trim())
    .slice(0, n)
    .map((l) => `      ${l.slice(0, 240)}`)
    .join("\n");

function countVitest(file) {
  if (!existsSync(file)) return false;
  const j = JSON.parse(readFileSync(file, "utf8"));
  for (const suite of j.testResults ?? [])
    for (const t of suite.assertionResults ?? [])
      if (t.status === "failed") failures.push(`  ${path.relative(root, suite.name)} › ${t.fullName}\n${firstLines((t.failureMessages ?? []).join("\n"))}`);
  passed += j.numPassedTests ?? 0;
  failed += (j.numFailedTests ?? 0) + (j.numTotalTests === 0 ? 1 : 0);
  return true;
}

function collectPlaywrightFailures(suite, file) {
  for (const spec of suite.specs ?? [])
    for (const t of spec.tests ?? [])
      for (const r of t.results ?? [])
        if (r.status !== "passed" && r.status !== "skipped")
          failures.push(`  [${path.basename(file)}] ${spec.file}:${spec.line} › ${spec.title} (${r.status}, ${Math.round((r.duration ?? 0) / 1000)}s)\n${firstLines((r.errors ?? []).map((e) => e.message).join("\n"), 10)}`);
  for (const child of suite.suites ?? []) collectPlaywrightFailures(child, file);
}

function countPlaywright(file) {
  if (!existsSync(file)) return false;
  const report = JSON.parse(readFileSync(file, "utf8"));
  for (const suite of report.suites ?? []) collectPlaywrightFailures(suite, file);
  const s = report.stats ?? {};
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
  run(`unit + integration (PGlite, ${here})`, process.execPath, [vitestJs, "run", "--reporter=default", "--reporter=json", `--outputFile.json=${pgliteJson}`], { TEST_DATABASE_URL: "" });
  if (!countVitest(pgliteJson)) failed++; // the runner itself crashed
  if (process.env.TEST_DATABASE_URL) {
    const pgJson = path.join(root, "test-results", "unit-postgres.json");
    rmSync(pgJson, { force: true });
    const nodeBin = node24 ?? process.execPath;
    run(`unit + integration (PostgreSQL, ${there})`, nodeBin, [vitestJs, "run", "--reporter=default", "--reporter=json", `--outputFile.json=${pgJson}`], withNode(nodeBin));
    if (!countVitest(pgJson)) failed++;
  } else {
    console.log("\n(TEST_DATABASE_URL not set: the PostgreSQL pass is skipped; .ci/run sets it.)");
  }
}

if (!only || only === "e2e") {
  // The production build must not serve a test or benchmark hook; the test build must (or the
  // check would be looking in the wrong place).
  const prod = run("next build (production, .next)", process.execPath, [nextJs, "build"], { CONSTITUENT_TEST_HOOKS: "" });
  if (!prod || !run("no test hooks in the production build", process.execPath, [path.join(root, "scripts", "check-build-routes.mjs")])) failed++;
  const testBuild = run("next build (test hooks, .next-test)", process.execPath, [nextJs, "build"], { CONSTITUENT_TEST_HOOKS: "1" });
  if (testBuild && run("test hooks in the test build", process.execPath, [path.join(root, "scripts", "check-build-routes.mjs"), "--test"])) {
    const e2eJson = path.join(root, "test-results", "e2e.json");
    rmSync(e2eJson, { force: true });
    run(`end-to-end (Chromium, next start, PGlite, ${here})`, process.execPath, [playwrightJs, "test", "--reporter=list,json"], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson,
      E2E_DATABASE_URL: "",
      ...withNode(process.execPath),
    });
    if (!countPlaywright(e2eJson)) failed++;
    if (process.env.TEST_DATABASE_URL) {
      // The same suites against PostgreSQL, on a database of their own (on Node 24 when given).
      const e2ePgJson = path.join(root, "test-results", "e2e-postgres.json");
      rmSync(e2ePgJson, { force: true });
      const url = freshDatabase(process.env.TEST_DATABASE_URL, "constituent_e2e");
      const nodeBin = node24 ?? process.execPath;
      run(`end-to-end (Chromium, next start, PostgreSQL, ${there})`, nodeBin, [playwrightJs, "test", "--reporter=list,json"], {
        PLAYWRIGHT_JSON_OUTPUT_NAME: e2ePgJson,
        E2E_DATABASE_URL: url,
        ...withNode(nodeBin),
      });
      if (!countPlaywright(e2ePgJson)) failed++;
    }
  } else failed++;
}

console.log("\n=== summary");
for (const r of results) console.log(`${r.ok ? "ok  " : "FAIL"} ${r.label} (${r.seconds}s)`);
console.log(`${passed} passed, ${failed} failed`);
if (failures.length) console.log(`\n=== what failed\n${failures.join("\n")}`);
process.exit(failed > 0 || results.some((r) => !r.ok) ? 1 : 0);
