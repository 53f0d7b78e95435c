import { checkHealth } from "@/lib/server/health";

export const dynamic = "force-dynamic";

/** For load balancers and uptime checks: 200 when the database answers, 503 otherwise. */
export async function GET() {
  const h = await checkHealth();
  return Response.json(h, { status: h.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
