import { actorForApiRequest } from "@/lib/organizer/auth";
import { exportFilterSchema, streamSignaturesCsv } from "@/lib/organizer/exports";
import { csvDownload, jsonError } from "@/lib/server/http";

export const dynamic = "force-dynamic";

/**
 * GET: a campaign's signatures as a CSV download, for owners and editors of its organization when it
 * does not require a second owner's approval (otherwise 409: see ../../../exports/[request]).
 * parse → authenticate → load and check ownership (in lib/exports) → stream. Another
 * organization's campaign is a 404, like one that does not exist.
 */
export async function GET(request: Request, { params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const parsed = exportFilterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return jsonError(400, "invalid filter");
  const session = await actorForApiRequest(request, org);
  if ("response" in session) return session.response;
  const r = await streamSignaturesCsv(session.actor, id, parsed.data);
  if (!r.ok) {
    if (r.error === "forbidden") return jsonError(403, "your role cannot export personal data");
    // The organization requires a second owner's approval (decision 0025): request it on the export page.
    if (r.error === "approval_required") return jsonError(409, "this organization requires a second owner's approval for every export: request it on the campaign's export page");
    return jsonError(404, "not found");
  }
  return csvDownload(r.stream, r.filename);
}
