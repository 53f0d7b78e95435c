#!/usr/bin/env node
// The server end-to-end tests run against: the test build (`CONSTITUENT_TEST_HOOKS=1 next build`,
// in .next-test, with the hooks of lib/testing/hooks.ts) on a fresh database (embedded, or the
// PostgreSQL database in E2E_DATABASE_URL) and the local mail sink.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const dataDir = path.join(root, ".data", "e2e");
rmSync(dataDir, { recursive: true, force: true });
const env = {
  ...process.env,
  PGLITE_DIR: dataDir,
  AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-secret-e2e-secret-e2e-secret-0123456789",
  DATA_ENCRYPTION_KEY: process.env.DATA_ENCRYPTION_KEY ?? "e2e0e2e0e2e0e2e0e2e0e2e0e2e0e2e0e2e0e2e0e2e0e2e0e2e0e2e0e2e0e2e0",
  QUEUE_POLL_SECONDS: "0.5",
  // The tests play the part of one reverse proxy, writing X-Forwarded-For themselves.
  TRUSTED_PROXY_HOPS: "1",
  // The suites sign the same demo organizers in many times; the limit itself has an integration test.
  SIGN_IN_LINKS_PER_HOUR: "1000",
  NEXT_MANUAL_SIG_HANDLE: "true",
  // Selects .next-test in next.config.ts and lets lib/testing/hooks.ts answer.
  CONSTITUENT_TEST_HOOKS: "1",
};
// The PostgreSQL pass of `npm test` gives a fresh database; otherwise a fresh embedded one.
if (process.env.E2E_DATABASE_URL) {
  env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  env.SEED_DEMO = "always";
} else delete env.DATABASE_URL;
delete env.SMTP_URL;
const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
const child = spawn(process.execPath, [next, "start", "-p", process.env.PORT ?? "3210", "--keepAliveTimeout", "65000"], { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
