/**
 * Test databases. Every test file gets its own fresh database built from a migrated, seeded
 * template: an in-memory PGlite copy by default, or a new PostgreSQL database cloned with
 * CREATE DATABASE … TEMPLATE when TEST_DATABASE_URL is set (the same suite, run twice by npm test).
 */
import PgBoss from "pg-boss";
import { openDatabase, type DbHandle } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { seedReferenceData } from "@/db/seed";
import { sql } from "drizzle-orm";
import { closeDatabase, getDb, useDatabaseHandle } from "@/lib/server/db";
import { closeMail } from "@/lib/server/mail";
import { stopMailSink } from "@/lib/server/mail-sink";
import { QUEUE_POLICIES } from "@/lib/jobs/queue";
import { stopWorkers } from "@/lib/jobs/worker";
import { ensureDataKeys, forgetKeys } from "@/lib/privacy/encryption";

export const TEMPLATE_DB = "constituent_test_template";

async function prepareQueueSchema(handle: DbHandle) {
  const boss =
    handle.kind === "postgres"
      ? new PgBoss({ connectionString: handle.connectionString, schedule: false, supervise: false, max: 2 })
      : new PgBoss({ db: { executeSql: (t, v) => handle.exec(t, v) }, schedule: false, supervise: false });
  await boss.start();
  for (const [name, policy] of Object.entries(QUEUE_POLICIES)) await boss.createQueue(name, { name, ...policy });
  await boss.stop({ graceful: false, wait: true });
}

/** Builds the template: schema, reference data (ridings, MPs, postal prefixes) and the queue schema. */
export async function buildTemplate(handle: DbHandle) {
  await migrateDatabase(handle);
  await seedReferenceData(handle.db);
  await ensureDataKeys(handle.db);
  await prepareQueueSchema(handle);
}

let pgliteTemplate: Promise<Blob> | undefined;

function adminUrl(database = "postgres"): string {
  const url = new URL(process.env.TEST_DATABASE_URL as string);
  url.pathname = `/${database}`;
  return url.toString();
}

export function testDatabaseKind(): "pglite" | "postgres" {
  return process.env.TEST_DATABASE_URL ? "postgres" : "pglite";
}

export async function createTestDatabase(): Promise<DbHandle> {
  if (process.env.TEST_DATABASE_URL) {
    const { Client } = await import("pg");
    const name = `t_${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`;
    const admin = new Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`create database ${name} template ${TEMPLATE_DB}`);
    await admin.end();
    const handle = await openDatabase({ databaseUrl: adminUrl(name), poolMax: 5 });
    const close = handle.close;
    handle.close = async () => {
      await close();
      const a = new Client({ connectionString: adminUrl() });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    };
    return handle;
  }
  pgliteTemplate ??= (async () => {
    const base = await openDatabase({});
    await buildTemplate(base);
    const blob = await base.dumpDataDir!();
    await base.close();
    return blob;
  })();
  return openDatabase({ pgliteLoadDataDir: await pgliteTemplate });
}

/** Installs a fresh database as the app's database for this test file. Call in beforeAll. */
export async function useFreshDatabase(): Promise<DbHandle> {
  await resetRuntime();
  const handle = await createTestDatabase();
  useDatabaseHandle(handle);
  return handle;
}

/** Stops everything the app started (queue, mail transport and sink) and closes the database. */
export async function resetRuntime(): Promise<void> {
  await stopWorkers();
  await closeMail();
  await stopMailSink();
  await closeDatabase();
  // Another database's keys share ids with this one's: never open its values with them.
  forgetKeys();
}

/**
 * Every row of every table as text (JSON), with the queue's jobs: what a copy of the database
 * would show. The mail sink's table is left out: it stands for the recipients' mailboxes.
 */
export async function everyRowAsText(): Promise<string[]> {
  const db = await getDb();
  const tables = (await db.execute(
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'sink_messages'`,
  )) as unknown as { rows: { name: string }[] };
  const out: string[] = [];
  for (const { name } of tables.rows) {
    const rows = (await db.execute(sql`select row_to_json(t)::text as r from ${sql.identifier(name)} t`)) as unknown as { rows: { r: string }[] };
    out.push(...rows.rows.map((r) => `${name}: ${r.r}`));
  }
  const jobs = (await db.execute(sql`select data::text as r from pgboss.job`)) as unknown as { rows: { r: string }[] };
  out.push(...jobs.rows.map((r) => `pgboss.job: ${r.r}`));
  return out;
}
