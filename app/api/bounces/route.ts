import { bounceWebhookAuthorized, DSN_MAX_BYTES, handleDsn } from "@/lib/offices/bounces";
import { jsonError, readBody } from "@/lib/server/http";

/**
 * A relay's bounce webhook (decision 0029): the delivery status notification it received, posted
 * as the raw message (message/rfc822 or multipart/report), with `Authorization: Bearer
 * <BOUNCE_WEBHOOK_SECRET>`. Without a configured secret the webhook does not exist.
 */
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  if (!bounceWebhookAuthorized(request.headers.get("authorization"))) return jsonError(401, "unauthorized");
  const body = await readBody(request, DSN_MAX_BYTES);
  if (!body.ok) return body.response;
  const outcome = await handleDsn(Buffer.from(body.text, "utf8"), { trusted: true });
  return Response.json(outcome, { headers: { "cache-control": "no-store" } });
}

export async function GET(): Promise<Response> {
  return jsonError(405, "method not allowed");
}
