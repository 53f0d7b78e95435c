import { unsubscribeByToken } from "@/lib/signing/status";

/** RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" here. */
export async function POST(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const r = await unsubscribeByToken(token);
  return new Response(r ? "unsubscribed\n" : "unknown or expired link\n", {
    status: r ? 200 : 404,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}
