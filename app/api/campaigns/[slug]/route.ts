import { getPublicCampaignStats, PUBLIC_STATS_CACHE_CONTROL } from "@/lib/campaigns/public-stats";

/** A campaign's public figures as JSON, for anyone (partner sites, journalists, the share card). */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const stats = await getPublicCampaignStats((await params).slug);
  const headers = { "Cache-Control": PUBLIC_STATS_CACHE_CONTROL, "Access-Control-Allow-Origin": "*" };
  if (!stats) return Response.json({ error: "not_found" }, { status: 404, headers });
  return Response.json(stats, { headers });
}
