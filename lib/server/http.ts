import { publicUrl } from "./env";

/** Route handlers (unlike server actions) get no built-in CSRF or size checks: every mutating one calls this. */
export const MAX_JSON_BODY_BYTES = 16 * 1024;

export function refuseUnsafeRequest(request: Request): Response | null {
  const origin = request.headers.get("origin");
  if (origin) {
    const allowed = new Set([new URL(publicUrl()).origin, new URL(request.url).origin]);
    if (!allowed.has(origin)) return Response.json({ error: "cross-origin request refused" }, { status: 403 });
  }
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_JSON_BODY_BYTES) return Response.json({ error: "request body too large" }, { status: 413 });
  return null;
}

/**
 * Reads a body with the size limit enforced on what actually arrives, not only the header: the
 * stream is read only up to the limit, so a chunked body with no Content-Length cannot fill memory.
 */
export async function readBody(request: Request, max = MAX_JSON_BODY_BYTES): Promise<{ ok: true; text: string } | { ok: false; response: Response }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel().catch(() => {});
        return { ok: false, response: Response.json({ error: "request body too large" }, { status: 413 }) };
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { ok: true, text: new TextDecoder().decode(bytes) };
}

/** `readBody`, parsed as JSON (400 when it is not). */
export async function readJson(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const body = await readBody(request);
  if (!body.ok) return body;
  try {
    return { ok: true, value: JSON.parse(body.text) };
  } catch {
    return { ok: false, response: Response.json({ error: "invalid JSON" }, { status: 400 }) };
  }
}

/** `readBody`, parsed as a URL-encoded form (what a form without JavaScript posts). */
export async function readForm(request: Request): Promise<{ ok: true; form: URLSearchParams } | { ok: false; response: Response }> {
  const body = await readBody(request);
  return body.ok ? { ok: true, form: new URLSearchParams(body.text) } : body;
}

/** A JSON error answer that no cache keeps. */
export function jsonError(status: number, error: string): Response {
  return Response.json({ error }, { status, headers: { "cache-control": "no-store" } });
}

/** A CSV file streamed as a download: never cached, never sniffed as anything else. */
export function csvDownload(stream: ReadableStream<Uint8Array>, filename: string): Response {
  return new Response(stream, {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

/** A generated file (a QR code) as a download: never cached, never sniffed as anything else. */
export function fileDownload(body: string | Uint8Array, contentType: string, filename: string): Response {
  return new Response(typeof body === "string" ? body : new Uint8Array(body), {
    status: 200,
    headers: {
      "content-type": contentType,
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
