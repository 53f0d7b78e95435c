import { findActor } from "@/lib/organizer/auth";
import { exportFilterSchema, streamSignaturesCsv } from "@/lib/organizer/exports";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

/**
 * GET: a campaign's signatures as a CSV download, for owners and editors of its organization when it
 * does not require a second owner's approval (otherwise 409: see ../../../exports/[request]).
 * parse → authenticate → load and check ownership (in lib/exports) → stream. Another
 * organization's campaign is a 404, like one that does not exist.
 */
export async function GET(request: Request, { params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  // The export writes an audit row: a request started by another site is refused.
  if (request.headers.get("sec-fetch-site") === "cross-site") return Response.json({ error: "cross-site request refused" }, { status: 403, headers: NO_STORE });
  const parsed = exportFilterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: "invalid filter" }, { status: 400, headers: NO_STORE });
  const session = await findActor(org);
  if (!session) return Response.json({ error: "sign in first" }, { status: 401, headers: NO_STORE });
  if (!session.actor) return Response.json({ error: "not found" }, { status: 404, headers: NO_STORE });
  const r = await streamSignaturesCsv(session.actor, id, parsed.data);
  if (!r.ok) {
    if (r.error === "forbidden") return Response.json({ error: "your role cannot export personal data" }, { status: 403, headers: NO_STORE });
    // The organization requires a second owner's approval (decision 0025): request it on the export page.
    if (r.error === "approval_required") return Response.json({ error: "this organization requires a second owner's approval for every export: request it on the campaign's export page" }, { status: 409, headers: NO_STORE });
    return Response.json({ error: "not found" }, { status: 404, headers: NO_STORE });
  }
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
