import { cookies } from "next/headers";
import { inboxCsv, inboxQuerySchema, loadOfficeInbox, OFFICE_SESSION_COOKIE, officeFromSession } from "@/lib/offices/inbox";
import { csvDownload, jsonError } from "@/lib/server/http";

export const dynamic = "force-dynamic";

/** The office inbox's letters as CSV (the same filter as the page); only for a signed-in office. */
export async function GET(request: Request): Promise<Response> {
  const office = officeFromSession((await cookies()).get(OFFICE_SESSION_COOKIE)?.value);
  if (!office) return jsonError(401, "sign in first");
  const url = new URL(request.url);
  const query = inboxQuerySchema.parse(Object.fromEntries(url.searchParams));
  const inbox = await loadOfficeInbox(office, query, "en", { all: true });
  const body = new TextEncoder().encode(inboxCsv(inbox.letters));
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(body);
      c.close();
    },
  });
  return csvDownload(stream, `letters-${new Date().toISOString().slice(0, 10)}.csv`);
}
