import { getPublicCampaignStats, PUBLIC_STATS_CACHE_CONTROL, publicStatsCsvRows } from "@/lib/campaigns/public-stats";
import { csvRow } from "@/lib/server/csv";

/** The public figures by riding as CSV (ridings under five signatures folded into "other"). */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const stats = await getPublicCampaignStats((await params).slug);
  const cache = PUBLIC_STATS_CACHE_CONTROL;
  if (!stats) return new Response("not found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": cache } });
  return new Response(publicStatsCsvRows(stats).map(csvRow).join(""), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${stats.slug}-ridings.csv"`,
      "Cache-Control": cache,
      "Access-Control-Allow-Origin": "*",
    },
  });
}
