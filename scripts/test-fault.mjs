#!/usr/bin/env node
// `npm run test:fault`: process-level fault tests (worker killed mid-batch, PostgreSQL stopped
// under a signing load). They need PostgreSQL (TEST_DATABASE_URL, as .ci/run sets it), the
// PostgreSQL binaries (for a throwaway cluster of their own) and a `next build` in .next.
// Ends with one plain line "N passed, N failed", like npm test.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
if (!process.env.TEST_DATABASE_URL) {
  console.error("npm run test:fault needs TEST_DATABASE_URL (a PostgreSQL server; .ci/run starts one).");
  process.exit(2);
}
if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
  console.log("no build in .next: running next build");
  const b = spawnSync(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], { cwd: root, stdio: "inherit" });
  if (b.status !== 0) process.exit(1);
}
mkdirSync(path.join(root, "test-results"), { recursive: true });
const json = path.join(root, "test-results", "fault.json");
rmSync(json, { force: true });
const r = spawnSync(
  path.join(root, "node_modules", ".bin", "vitest"),
  ["run", "--config", "test/fault/vitest.config.ts", "--reporter=default", "--reporter=json", `--outputFile.json=${json}`, ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit" },
);
let passed = 0;
let failed = 0;
if (existsSync(json)) {
  const j = JSON.parse(readFileSync(json, "utf8"));
  passed = j.numPassedTests ?? 0;
  failed = (j.numFailedTests ?? 0) + (j.numTotalTests === 0 ? 1 : 0);
} else failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(r.status === 0 && failed === 0 ? 0 : 1);
