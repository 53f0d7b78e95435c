import { sql } from "drizzle-orm";
import { migrateDatabase } from "@/db/migrate";
import { seedDemo, seedDemoOffices, seedReferenceData } from "@/db/seed";
import { ridings } from "@/db/schema";
import { closeDatabase, getDbHandle } from "@/lib/server/db";
import { env, isEmbeddedDatabase, isMailSink } from "@/lib/server/env";
import { installConsoleScrubber, log } from "@/lib/server/log";
import { closeMail } from "@/lib/server/mail";
import { startMailSink, stopMailSink } from "@/lib/server/mail-sink";
import { startWorkers, stopWorkers } from "./worker";
import { ensureDataKeys } from "@/lib/privacy/encryption";
import { startBounceListener, stopBounceListener } from "@/lib/offices/bounces";

type BootRegistry = { booted?: Promise<void>; shuttingDown?: boolean };
const registry: BootRegistry = ((globalThis as Record<string, unknown>).__constituentBoot ??= {}) as BootRegistry;

/**
 * Start-up, once per server process (from instrumentation.ts): check the configuration, migrate,
 * load reference data on a fresh database (and the demo on the embedded default), start the
 * local mail sink when no relay is configured, and the in-process queue workers.
 */
export function boot(): Promise<void> {
  registry.booted ??= doBoot().catch((err) => {
    registry.booted = undefined;
    throw err;
  });
  return registry.booted;
}

async function doBoot(): Promise<void> {
  installConsoleScrubber();
  const e = env(); // throws a readable error for any bad variable
  if (isMailSink() && e.PUBLIC_URL && !/^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\/?$/.test(e.PUBLIC_URL)) {
    // The local mailbox shows every email, confirmation links included: never on a public host.
    throw new Error("Invalid configuration:\n  SMTP_URL: required when PUBLIC_URL is not a localhost address");
  }
  const handle = await getDbHandle();
  await migrateDatabase(handle);
  const [{ n }] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(ridings);
  if (n === 0) {
    const seeded = await seedReferenceData(handle.db);
    log.info("boot.reference_data_loaded", seeded);
  }
  if (e.SEED_DEMO === "always" || (e.SEED_DEMO === "auto" && isEmbeddedDatabase())) {
    const demo = await seedDemo(handle.db);
    if (demo.created) {
      await seedDemoOffices(handle.db);
      log.info("boot.demo_created");
    }
  }
  // Encryption keys exist before any request needs one (decision 0027).
  const keys = await ensureDataKeys(handle.db);
  if (keys > 0) log.info("boot.data_keys_made", { keys });
  if (isMailSink()) await startMailSink(e.MAIL_SINK_PORT);
  if (e.WORKER_MODE === "inline") await startWorkers();
  if (e.BOUNCE_SMTP_PORT !== undefined) await startBounceListener({ port: e.BOUNCE_SMTP_PORT, host: e.BOUNCE_SMTP_HOST });
  installShutdownHandlers();
  log.info("boot.ready", { database: handle.kind, mail: isMailSink() ? "sink" : "relay", worker: e.WORKER_MODE });
}

export async function shutdown(): Promise<void> {
  if (registry.shuttingDown) return;
  registry.shuttingDown = true;
  log.info("shutdown.start");
  // Order matters: let in-flight jobs finish, then close mail, then the database (PGlite flushes on close).
  await stopWorkers().catch((err) => log.error("shutdown.queue", { error: err }));
  await closeMail().catch(() => {});
  await stopMailSink().catch(() => {});
  await stopBounceListener().catch(() => {});
  await closeDatabase().catch((err) => log.error("shutdown.database", { error: err }));
  log.info("shutdown.done");
}

function installShutdownHandlers() {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      shutdown().finally(() => process.exit(0));
    });
  }
}
