import { openDatabase, type Db, type DbHandle } from "@/db/client";
import { env } from "./env";

export type { Db, Tx } from "@/db/client";

/**
 * One database handle per process. It lives on globalThis because Next.js bundles the
 * instrumentation hook and each route separately: a module-level variable would be duplicated,
 * and two PGlite instances on one data directory would corrupt it.
 */
type Registry = { handle?: DbHandle; opening?: Promise<DbHandle> };
const registry: Registry = ((globalThis as Record<string, unknown>).__constituentDb ??= {}) as Registry;

/** Opens the configured database on first use (never at import time: `next build` imports routes). */
export async function getDbHandle(): Promise<DbHandle> {
  if (registry.handle) return registry.handle;
  if (!registry.opening) {
    const e = env();
    registry.opening = openDatabase({ databaseUrl: e.DATABASE_URL, pgliteDir: e.PGLITE_DIR })
      .then((h) => {
        registry.handle = h;
        return h;
      })
      .finally(() => {
        // Never cache a rejected open: the next call tries again.
        registry.opening = undefined;
      });
  }
  return registry.opening;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** Tests and tools install their own handle (a PGlite copy, a throwaway Postgres database). */
export function useDatabaseHandle(handle: DbHandle | undefined): void {
  registry.handle = handle;
  registry.opening = undefined;
}

export async function closeDatabase(): Promise<void> {
  const h = registry.handle;
  registry.handle = undefined;
  if (h) await h.close();
}
