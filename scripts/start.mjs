#!/usr/bin/env node
// `npm start`: the embedded default in one command. Builds once if there is no build yet, gives
// the app a development AUTH_SECRET and master key kept in .data/ (git-ignored) when none is
// configured, then runs `next start`. In production set AUTH_SECRET and DATA_ENCRYPTION_KEY
// yourself and run `npm run build && npm run serve`.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const env = { ...process.env };

/**
 * A secret the embedded default keeps in .data/ (git-ignored) when the environment has none;
 * with DATABASE_URL (production) it must come from the environment.
 */
function secretFromDataDir(variable, at, make) {
  if (env[variable]) return;
  if (env.DATABASE_URL) {
    console.error(`${variable} must be set when DATABASE_URL is (see README, Configuration).`);
    process.exit(1);
  }
  mkdirSync(path.dirname(at), { recursive: true });
  if (!existsSync(at)) writeFileSync(at, make(), { mode: 0o600 });
  env[variable] = readFileSync(at, "utf8").trim();
}
secretFromDataDir("AUTH_SECRET", path.join(root, ".data", "auth-secret"), () => randomBytes(32).toString("base64url"));
// The master key of encryption at rest (decision 0027), beside the embedded database, where
// commands run without `npm start` (npm run org:create, npm run keys) find it too (lib/server/env.ts).
const pgliteDir = path.resolve(root, env.PGLITE_DIR ?? path.join(".data", "pglite"));
secretFromDataDir("DATA_ENCRYPTION_KEY", path.join(path.dirname(pgliteDir), "data-encryption-key"), () => randomBytes(32).toString("hex"));

const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
if (!existsSync(path.join(root, ".next", "BUILD_ID")) || env.CONSTITUENT_REBUILD === "1") {
  console.log("No build yet: running `next build` once (about a minute)...");
  const b = spawnSync(process.execPath, [next, "build"], { cwd: root, env, stdio: "inherit" });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

const port = env.PORT ?? "3000";
// Every emailed link uses PUBLIC_URL; the address printed and listened on must be the same one, or
// a browser opening the printed address holds different cookies from the links it is sent.
const publicUrl = env.PUBLIC_URL ?? `http://localhost:${port}`;
const publicHost = new URL(publicUrl).hostname.replace(/^\[|\]$/g, "");
const loopback = ["localhost", "127.0.0.1", "::1"].includes(publicHost);
// Without SMTP_URL every email lands in the local mailbox page (/en/dev/mailbox), sign-in and
// confirmation links included: listen on this machine only, unless HOST says otherwise.
const host = env.HOST ?? (env.SMTP_URL ? undefined : loopback ? publicHost : "localhost");
// Our own shutdown (lib/jobs/boot.ts) stops the workers and closes PGlite cleanly before exit.
env.NEXT_MANUAL_SIG_HANDLE = "true";
const args = [next, "start", "-p", port, ...(host ? ["-H", host] : [])];
console.log(`Constituent: open ${publicUrl}${env.SMTP_URL ? "" : ` (emails: ${publicUrl}/en/dev/mailbox)`}`);
const child = spawn(process.execPath, args, { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
