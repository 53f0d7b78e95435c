/**
 * Running the built app as a user would (`next start` of the test build, .next-test) for the
 * benchmarks (`npm run bench`, `npm run bench:soak`): a fresh database, the demo seeded, and the
 * server's resident memory sampled, its children included.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

// One master key for the benchmark process (which seeds sealed rows) and the servers it starts.
process.env.DATA_ENCRYPTION_KEY ??= "be4c00be4c00be4c00be4c00be4c00be4c00be4c00be4c00be4c00be4c00be4c";
// One signing secret too: the servers' sessions, and the office links a letter carries when the
// benchmark process itself delivers letters (bench/run.ts, offline scenarios).
process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0123";

export const root = path.resolve(import.meta.dirname, "..");
export const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resident memory of a process and its descendants (Linux /proc), in MiB; 0 where /proc is missing. */
export function rssMiB(pid: number): number {
  const children = new Map<number, number[]>();
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return 0;
  }
  for (const d of entries) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      /* gone */
    }
  }
  let kib = 0;
  const visit = (p: number) => {
    try {
      kib += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      /* gone */
    }
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return kib / 1024;
}

/** The server under test: its address, and its memory now and at its highest since the last reset. */
export interface Server {
  base: string;
  rss(): number;
  peakRss(): number;
  resetPeak(): void;
}

export async function waitForHealth(base: string, child: ChildProcess) {
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error("server exited during start");
    try {
      const r = await fetch(`${base}/api/health`);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(500);
  }
  throw new Error("server did not become healthy");
}

export interface Database {
  label: "pglite" | "postgres";
  url?: string;
  dataDir: string;
}

export async function withServer<T>(database: Database, port: number, fn: (base: string, server: Server) => Promise<T>, extraEnv: Record<string, string> = {}, fresh = true): Promise<T> {
  if (fresh) rmSync(database.dataDir, { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    PUBLIC_URL: `http://localhost:${port}`,
    PGLITE_DIR: database.dataDir,
    AUTH_SECRET: process.env.AUTH_SECRET,
    DATA_ENCRYPTION_KEY: process.env.DATA_ENCRYPTION_KEY,
    // The test build (.next-test): the baseline and staleness probes are lib/testing/hooks.ts.
    CONSTITUENT_TEST_HOOKS: "1",
    TRUSTED_PROXY_HOPS: "1",
    SEED_DEMO: "always",
    LOG_LEVEL: "warn",
    NEXT_MANUAL_SIG_HANDLE: "true",
    ...extraEnv,
  };
  delete env.SMTP_URL;
  if (database.url) env.DATABASE_URL = database.url;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(port)], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  try {
    const base = `http://localhost:${port}`;
    await waitForHealth(base, child);
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(child.pid!))), 250);
    try {
      return await fn(base, {
        base,
        rss: () => rssMiB(child.pid!),
        peakRss: () => Math.max(peak, rssMiB(child.pid!)),
        resetPeak: () => (peak = rssMiB(child.pid!)),
      });
    } finally {
      clearInterval(sampler);
    }
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
  }
}

