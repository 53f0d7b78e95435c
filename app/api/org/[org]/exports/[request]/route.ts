import { actorForApiRequest } from "@/lib/organizer/auth";
import { downloadExportRequest } from "@/lib/organizer/export-requests";
import { csvDownload, jsonError } from "@/lib/server/http";

export const dynamic = "force-dynamic";

const REFUSALS = {
  not_found: { status: 404, error: "not found" },
  forbidden: { status: 403, error: "only the member who requested this export, if their role still allows exports, can download it" },
  pending: { status: 409, error: "this export is still waiting for another owner's approval" },
  refused: { status: 410, error: "this export was refused" },
  expired: { status: 410, error: "this export has expired: request it again" },
  already_downloaded: { status: 410, error: "this export has already been downloaded: request it again" },
} as const;

/**
 * GET: the one download of an approved export request (decision 0025), by its requester.
 * authenticate → load, check ownership and claim (in lib/export-requests) → stream.
 * A request of another organization is a 404, like one that does not exist.
 */
export async function GET(request: Request, { params }: { params: Promise<{ org: string; request: string }> }) {
  const { org, request: requestId } = await params;
  const session = await actorForApiRequest(request, org);
  if ("response" in session) return session.response;
  const r = await downloadExportRequest(session.actor, requestId);
  if (!r.ok) return jsonError(REFUSALS[r.error].status, REFUSALS[r.error].error);
  return csvDownload(r.stream, r.filename);
}
