import { benchRoutesEnabled, insertBenchBaselineRow } from "@/lib/server/bench-hooks";

/**
 * Benchmarks' baseline: a bare route on the same server inserting one row. It exists only when
 * CONSTITUENT_BENCH_ROUTES=true (set by `npm run bench`), and 404s otherwise.
 */
export async function POST() {
  if (!benchRoutesEnabled()) return new Response("not found\n", { status: 404 });
  await insertBenchBaselineRow();
  return Response.json({ ok: true });
}
