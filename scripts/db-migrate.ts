// `npm run db:migrate`: applies the migrations to the configured database (run it while the
// server is stopped on the embedded database: only one process may own a PGlite directory).
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { env } from "@/lib/server/env";

const e = env();
const handle = await openDatabase({ databaseUrl: e.DATABASE_URL, pgliteDir: e.PGLITE_DIR });
try {
  await migrateDatabase(handle);
  console.log(`migrations applied (${handle.kind})`);
} finally {
  await handle.close();
}
