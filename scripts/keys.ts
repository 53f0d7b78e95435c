/**
 * `npm run keys -- <command>`: the keys of encryption at rest (docs/decisions/0027).
 *
 *   status                         each data key (per organization, platform, look-up) and the master key wrapping it
 *   seal                           seal every value still in clear (once, after upgrading a database written before 0027)
 *   rotate --org <slug> … | --platform | --all
 *                                  a new data key for those scopes, every value re-sealed, the old keys deleted
 *   rewrap                         after changing DATA_ENCRYPTION_KEY (old value in DATA_ENCRYPTION_KEY_PREVIOUS):
 *                                  every data key re-wrapped by the new master key; then drop the old one
 *
 * Run it with the same DATABASE_URL and DATA_ENCRYPTION_KEY as the app. On the embedded database
 * run it while the server is stopped (one process owns a PGlite directory). Every command can be
 * interrupted and run again.
 */
import { parseArgs } from "node:util";
import { migrateDatabase } from "@/db/migrate";
import { closeDatabase, getDbHandle } from "@/lib/server/db";
import { ensureDataKeys } from "@/lib/privacy/encryption";
import { describeKeys, resealSupporterData, rewrapAfterMasterChange, rotateDataKeys } from "@/lib/privacy/key-rotation";

const USAGE = "usage: npm run keys -- status | seal | rotate (--org <slug>… | --platform | --all) | rewrap";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { org: { type: "string", multiple: true }, platform: { type: "boolean", default: false }, all: { type: "boolean", default: false } },
  });
  const handle = await getDbHandle();
  await migrateDatabase(handle);
  const db = handle.db;
  await ensureDataKeys(db);
  switch (positionals[0]) {
    case "status": {
      for (const k of await describeKeys(db)) console.log(`${k.current ? "current" : "retired"}  ${k.scope.padEnd(36)}  master ${k.masterKeyId}  made ${k.createdAt.toISOString()}`);
      return 0;
    }
    case "seal": {
      const r = await resealSupporterData(db);
      console.log(`Sealed ${r.sealed} values, re-sealed ${r.resealed}, hashed ${r.hashed} look-up keys${r.conflicts ? `; ${r.conflicts} supporters share an address with a newer row and were left as they are` : ""}.`);
      return 0;
    }
    case "rotate": {
      if (!values.all && !values.platform && !values.org?.length) {
        console.error(USAGE);
        return 2;
      }
      const r = await rotateDataKeys(db, { organizationSlugs: values.org, platform: values.platform, all: values.all });
      console.log(`Retired ${r.retired} keys, re-sealed ${r.resealed} values (sealed ${r.sealed} found in clear), deleted ${r.pruned} keys nothing used.`);
      return 0;
    }
    case "rewrap": {
      const n = await rewrapAfterMasterChange(db);
      console.log(`Re-wrapped ${n} data keys under the current master key. DATA_ENCRYPTION_KEY_PREVIOUS is no longer needed.`);
      return 0;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

main()
  .then(async (code) => {
    await closeDatabase().catch(() => {});
    process.exit(code);
  })
  .catch(async (err) => {
    console.error(err instanceof Error ? err.message : err);
    await closeDatabase().catch(() => {});
    process.exit(1);
  });
