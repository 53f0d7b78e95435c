/**
 * `npm run digests -- [--now] [--office <address>]`: MPs' offices' digests (docs/decisions/0029).
 *
 *   (no option)          send every digest that is due (what each worker does every DIGEST_CHECK_SECONDS)
 *   --now                send every office's waiting letters now, due or not
 *   --office <address>   only that office
 *
 * Run it with the same DATABASE_URL, SMTP_URL and keys as the app; on the embedded database,
 * while the server is stopped (one process owns a PGlite directory).
 */
import { parseArgs } from "node:util";
import { migrateDatabase } from "@/db/migrate";
import { closeDatabase, getDbHandle } from "@/lib/server/db";
import { closeMail } from "@/lib/server/mail";
import { stopMailSink } from "@/lib/server/mail-sink";
import { sendDueDigests } from "@/lib/offices/digest";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { now: { type: "boolean", default: false }, office: { type: "string" } } });
  await migrateDatabase(await getDbHandle());
  const r = await sendDueDigests({ force: values.now, office: values.office });
  console.log(`Sent ${r.digests} digest${r.digests === 1 ? "" : "s"} carrying ${r.letters} letter${r.letters === 1 ? "" : "s"}.`);
  return 0;
}

main()
  .then(async (code) => {
    await closeMail();
    await stopMailSink();
    await closeDatabase();
    process.exit(code);
  })
  .catch(async (err) => {
    console.error(err instanceof Error ? err.message : err);
    await closeDatabase().catch(() => {});
    process.exit(1);
  });
