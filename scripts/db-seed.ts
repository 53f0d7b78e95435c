// `npm run db:seed`: loads reference data (ridings, MPs, postal prefixes), and the demo unless
// SEED_DEMO=never. Migrates first. On the embedded database, run it while the server is stopped.
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { seedDemo, seedDemoOffices, seedReferenceData } from "@/db/seed";
import { env } from "@/lib/server/env";

const e = env();
const handle = await openDatabase({ databaseUrl: e.DATABASE_URL, pgliteDir: e.PGLITE_DIR });
try {
  await migrateDatabase(handle);
  const ref = await seedReferenceData(handle.db);
  const demo = e.SEED_DEMO === "never" ? { created: false } : await seedDemo(handle.db);
  if (demo.created) await seedDemoOffices(handle.db);
  console.log(`seeded: ${ref.ridings} ridings, ${ref.fsas} postal prefixes, ${ref.representatives} new MPs; demo ${demo.created ? "created" : "already present or skipped"}`);
} finally {
  await handle.close();
}
