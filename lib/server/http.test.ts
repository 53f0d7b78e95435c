import { describe, expect, it } from "vitest";
import { MAX_JSON_BODY_BYTES, readJson } from "./http";

/** A request whose body arrives in chunks with no Content-Length, as a chunked upload would. */
function chunkedRequest(chunk: string, chunks: number) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled++ >= chunks) controller.close();
      else controller.enqueue(new TextEncoder().encode(chunk));
    },
  });
  const request = new Request("http://localhost/api/x", { method: "POST", body, duplex: "half" } as RequestInit);
  return { request, pulled: () => pulled };
}

describe("a client posts a JSON body to a route handler", () => {
  it("is read when it is within the limit, in several chunks", async () => {
    const { request } = chunkedRequest('{"a":1}'.padEnd(100, " "), 1);
    expect(await readJson(request)).toEqual({ ok: true, value: { a: 1 } });
  });

  it("is refused with 413 once it passes the limit, without reading the rest of an endless chunked body", async () => {
    const { request, pulled } = chunkedRequest("x".repeat(1024), 1_000_000);
    const r = await readJson(request);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.response.status).toBe(413);
    expect(pulled()).toBeLessThan(MAX_JSON_BODY_BYTES / 1024 + 5);
  });

  it("is refused with 400 when it is not JSON", async () => {
    const r = await readJson(new Request("http://localhost/api/x", { method: "POST", body: "name=x" }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.response.status).toBe(400);
  });
});

describe("someone posts an endless body to the my-data download", () => {
  it("is refused with 413 after the limit, without the rest being read", async () => {
    const { POST } = await import("@/app/api/my-data/route");
    const { request, pulled } = chunkedRequest(`token=${"a".repeat(1018)}&`, 1_000_000);
    const r = await POST(request);
    expect(r.status).toBe(413);
    expect(pulled()).toBeLessThan(MAX_JSON_BODY_BYTES / 1024 + 5);
  });
});
