import { findActor } from "@/lib/organizer/auth";
import { downloadExportRequest } from "@/lib/organizer/export-requests";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

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
 * parse → authenticate → load, check ownership and claim (in lib/export-requests) → stream.
 * A request of another organization is a 404, like one that does not exist.
 */
export async function GET(request: Request, { params }: { params: Promise<{ org: string; request: string }> }) {
  const { org, request: requestId } = await params;
  // The download spends the request and writes an audit row: a request started by another site is refused.
  if (request.headers.get("sec-fetch-site") === "cross-site") return Response.json({ error: "cross-site request refused" }, { status: 403, headers: NO_STORE });
  const session = await findActor(org);
  if (!session) return Response.json({ error: "sign in first" }, { status: 401, headers: NO_STORE });
  if (!session.actor) return Response.json({ error: "not found" }, { status: 404, headers: NO_STORE });
  const r = await downloadExportRequest(session.actor, requestId);
  if (!r.ok) return Response.json({ error: REFUSALS[r.error].error }, { status: REFUSALS[r.error].status, headers: NO_STORE });
  return new Response(r.stream, {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${r.filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
