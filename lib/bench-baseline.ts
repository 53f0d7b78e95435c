import { rateLimitHits } from "@/db/schema";
import { getDb } from "./db";
import { env } from "./env";

export function benchRoutesEnabled(): boolean {
  return env().CONSTITUENT_BENCH_ROUTES;
}

/** One plain insert with no validation, transaction or job: what signing is compared against. */
export async function insertBenchBaselineRow(): Promise<void> {
  const db = await getDb();
  await db.insert(rateLimitHits).values({ key: "bench:baseline" });
}
