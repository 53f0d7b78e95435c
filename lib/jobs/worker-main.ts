/**
 * `npm run worker`: queue workers as their own process, for production on PostgreSQL
 * (run the web instances with WORKER_MODE=off). PGlite is single-process, so this needs DATABASE_URL.
 */
import { closeDatabase, getDbHandle } from "@/lib/server/db";
import { env, isMailSink } from "@/lib/server/env";
import { log } from "@/lib/server/log";
import { closeMail } from "@/lib/server/mail";
import { startWorkers, stopWorkers } from "./worker";

async function main() {
  const e = env();
  if (!e.DATABASE_URL) throw new Error("npm run worker needs DATABASE_URL (the embedded database runs its worker inside the app)");
  if (isMailSink()) throw new Error("npm run worker needs SMTP_URL (the local mail sink lives inside the app)");
  await getDbHandle();
  await startWorkers();
  const stop = async () => {
    log.info("worker.stopping");
    await stopWorkers();
    await closeMail();
    await closeDatabase();
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
