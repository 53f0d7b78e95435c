import { benchRoutesEnabled, confirmPendingForBench } from "@/lib/server/bench-hooks";

/**
 * Benchmarks only (CONSTITUENT_BENCH_ROUTES=true, 404 otherwise): confirms a few pending
 * signatures of a campaign behind the count cache's back and answers the true confirmed count,
 * so `npm run bench` can measure how stale the public count gets.
 */
export async function POST(request: Request) {
  if (!benchRoutesEnabled()) return new Response("not found\n", { status: 404 });
  const url = new URL(request.url);
  const n = Math.min(100, Math.max(0, Number(url.searchParams.get("n") ?? "5") || 0));
  const count = await confirmPendingForBench(String(url.searchParams.get("campaign") ?? ""), n);
  if (count === null) return new Response("not found\n", { status: 404 });
  return Response.json({ confirmed: count }, { headers: { "cache-control": "no-store" } });
}
