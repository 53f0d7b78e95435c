import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query surface as the database. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Raw SQL with $1..$n placeholders, as pg-boss and the migrator lock need it. */
export type RawExec = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export interface DbHandle {
  kind: "pglite" | "postgres";
  db: Db;
  exec: RawExec;
  /** Postgres connection string for libraries that open their own pool (pg-boss). */
  connectionString?: string;
  /** PGlite only: a snapshot to clone cheap copies from (test templates). */
  dumpDataDir?: () => Promise<Blob>;
  close(): Promise<void>;
}

export interface DbConfig {
  databaseUrl?: string;
  pgliteDir?: string;
  /** For tests: an in-memory PGlite copied from a migrated template. */
  pgliteLoadDataDir?: Blob | File;
  poolMax?: number;
}

export async function openDatabase(config: DbConfig): Promise<DbHandle> {
  if (config.databaseUrl) {
    const { Pool } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const pool = new Pool({
      connectionString: config.databaseUrl,
      max: config.poolMax ?? 10,
      // A stopped database must surface as an error within seconds, not hang a request.
      connectionTimeoutMillis: 5000,
    });
    // An idle client losing its server (restart, failover) must not crash the process.
    pool.on("error", () => {});
    const db = drizzle({ client: pool, schema }) as unknown as Db;
    return {
      kind: "postgres",
      db,
      connectionString: config.databaseUrl,
      exec: async (text, values) => {
        const r = await pool.query(text, values as unknown[]);
        return { rows: r.rows };
      },
      close: () => pool.end(),
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  let client: InstanceType<typeof PGlite>;
  if (config.pgliteLoadDataDir) {
    client = new PGlite({ loadDataDir: config.pgliteLoadDataDir });
  } else if (config.pgliteDir && config.pgliteDir !== ":memory:") {
    const dir = path.resolve(config.pgliteDir);
    mkdirSync(dir, { recursive: true }); // PGlite's own mkdir is not recursive
    client = new PGlite(dir);
  } else {
    client = new PGlite();
  }
  await client.waitReady;
  const db = drizzle({ client, schema }) as unknown as Db;
  return {
    kind: "pglite",
    db,
    exec: async (text, values) => {
      if (!values || values.length === 0) {
        // exec runs multi-statement SQL (pg-boss migrations) and returns every statement's result.
        const results = await client.exec(text);
        const last = results[results.length - 1];
        return { rows: (last?.rows ?? []) as Record<string, unknown>[] };
      }
      const r = await client.query(text, values as unknown[]);
      return { rows: r.rows as Record<string, unknown>[] };
    },
    dumpDataDir: () => client.dumpDataDir("none"),
    close: () => client.close(),
  };
}
