import { isMailSink } from "@/lib/server/env";
import { listSinkMessages } from "@/lib/server/mail-sink";

export const dynamic = "force-dynamic";

/** The local mailbox as JSON (embedded default only), for end-to-end tests and tools. */
export async function GET(request: Request) {
  if (!isMailSink()) return new Response("not found\n", { status: 404 });
  const url = new URL(request.url);
  const to = url.searchParams.get("to") ?? undefined;
  const messages = await listSinkMessages({ to, limit: 50 });
  return Response.json({ messages }, { headers: { "cache-control": "no-store" } });
}
