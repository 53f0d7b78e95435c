import { isMailSink } from "@/lib/server/env";
import { countDueJobs } from "@/lib/jobs/queue";

export const dynamic = "force-dynamic";

/** How many mail and letter jobs are due or running (embedded default only): tests wait for 0. */
export async function GET() {
  if (!isMailSink()) return new Response("not found\n", { status: 404 });
  return Response.json({ due: await countDueJobs() }, { headers: { "cache-control": "no-store" } });
}
