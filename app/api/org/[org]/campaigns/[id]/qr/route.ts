import { getCampaignQrCode, qrRequestSchema } from "@/lib/organizer/campaign-links";
import { actorForApiRequest } from "@/lib/organizer/auth";
import { fileDownload, jsonError } from "@/lib/server/http";

export const dynamic = "force-dynamic";

/**
 * GET `?format=svg|png[&src=<tag>]`: a QR code for the campaign's link with that source tag (its
 * own `qr` tag by default), for any member of its organization. parse → authenticate → load and
 * check ownership (in lib/organizer/campaign-links.ts) → answer. Another organization's campaign,
 * or a tag the campaign has no link for, is a 404.
 */
export async function GET(request: Request, { params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const parsed = qrRequestSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return jsonError(400, "format must be svg or png, src a link's tag");
  const session = await actorForApiRequest(request, org);
  if ("response" in session) return session.response;
  const file = await getCampaignQrCode(session.actor, id, parsed.data.src, parsed.data.format);
  if (!file) return jsonError(404, "not found");
  return fileDownload(file.body, file.contentType, file.filename);
}
