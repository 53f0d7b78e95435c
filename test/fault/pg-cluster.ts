/**
 * A throwaway PostgreSQL cluster of the fault test's own (initdb in a temp directory, trust auth on
 * loopback), so stopping it never touches the database other tests use. As root (CI), the
 * binaries run as the postgres user, as .ci/run does: initdb refuses root.
 */
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

function pgBin(): string {
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(a) - Number(b)) : [];
  const found = versions.map((v) => path.join(base, v, "bin")).filter((d) => existsSync(path.join(d, "initdb")));
  if (found.length === 0) throw new Error("PostgreSQL binaries not found under /usr/lib/postgresql/*/bin");
  return found[found.length - 1];
}

function asPostgres(cmd: string): void {
  const quoted = cmd;
  if (process.getuid?.() === 0) execFileSync("su", ["postgres", "-s", "/bin/bash", "-c", quoted], { stdio: ["ignore", "ignore", "inherit"] });
  else execFileSync("bash", ["-c", quoted], { stdio: ["ignore", "ignore", "inherit"] });
}

export interface Cluster {
  url: string;
  stop(): void;
  start(): void;
  destroy(): void;
}

export function createCluster(port: number): Cluster {
  const bin = pgBin();
  const dir = mkdtempSync(path.join(os.tmpdir(), "constituent-fault-pg-"));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
  }
  asPostgres(`'${bin}/initdb' -D '${dir}' -U postgres --auth=trust -E UTF8`);
  const cluster: Cluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: () =>
      asPostgres(`'${bin}/pg_ctl' -D '${dir}' -l '${dir}/log' -o "-c listen_addresses=127.0.0.1 -p ${port} -k /tmp -c fsync=off" -w start`),
    stop: () => asPostgres(`'${bin}/pg_ctl' -D '${dir}' -m fast -w stop`),
    destroy: () => {
      try {
        asPostgres(`'${bin}/pg_ctl' -D '${dir}' -m immediate stop`);
      } catch {
        /* already stopped */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  cluster.start();
  return cluster;
}
