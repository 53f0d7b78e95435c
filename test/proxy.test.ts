import { afterEach, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { config, proxy } from "@/proxy";
import { resetEnvCache } from "@/lib/server/env";

/** Whether Next.js would run the proxy for a path, by the exported matcher. Conditions on headers (`missing`) would skip prefetches: there must be none. */
function matched(path: string, headers: Record<string, string> = {}): boolean {
  return (config.matcher as readonly (string | { source: string; missing?: { key: string }[] })[]).some((m) => {
    const source = typeof m === "string" ? m : m.source;
    const missing = typeof m === "string" ? [] : (m.missing ?? []);
    return new RegExp(`^${source}$`).test(path) && missing.every((h) => !(h.key in headers));
  });
}

function request(path: string, headers: Record<string, string> = {}) {
  return new NextRequest(new URL(path, "http://localhost:3999"), { headers });
}

afterEach(() => {
  process.env.PUBLIC_URL = "http://localhost:3999";
  resetEnvCache();
});

describe("every page carries the security headers the deployment calls for", () => {
  it("a router prefetch of a page gets the same Content-Security-Policy as the page", () => {
    expect(matched("/en/privacy", { "next-router-prefetch": "1" })).toBe(true);
    const res = proxy(request("/en/privacy", { "next-router-prefetch": "1" }));
    expect(res.headers.get("Content-Security-Policy")).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  });

  it("an instance started with an https PUBLIC_URL sends HSTS, decided when it runs rather than when it was built", () => {
    process.env.PUBLIC_URL = "https://petitions.example.org";
    resetEnvCache();
    expect(proxy(request("/en")).headers.get("Strict-Transport-Security")).toBe("max-age=63072000; includeSubDomains");
    expect(matched("/api/health")).toBe(true);
    expect(proxy(request("/api/health")).headers.get("Strict-Transport-Security")).toBe("max-age=63072000; includeSubDomains");
  });

  it("the embedded default on http://localhost sends no HSTS, which would pin a developer's browser to https", () => {
    expect(proxy(request("/en")).headers.get("Strict-Transport-Security")).toBeNull();
  });

  it("an API route or a file is passed through without a language redirect", () => {
    expect(proxy(request("/api/health")).headers.get("location")).toBeNull();
    expect(proxy(request("/favicon.ico")).headers.get("location")).toBeNull();
  });
});

describe("a campaign page is a static document under a fixed strict policy", () => {
  it("its CSP allows scripts and styles from this site only: no nonce, no inline, and the same for every reader", () => {
    const a = proxy(request("/en/campaigns/stop-the-sensors")).headers.get("Content-Security-Policy");
    const b = proxy(request("/fr/campaigns/stop-the-sensors", { "next-router-prefetch": "1" })).headers.get("Content-Security-Policy");
    expect(a).toBe(b);
    expect(a).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(a).toMatch(/(^|; )style-src 'self'(;|$)/);
    expect(a).not.toMatch(/unsafe-inline|nonce-/);
    expect(a).toContain("object-src 'none'");
    expect(a).toContain("frame-ancestors 'none'");
  });

  it("the pages below it (signing, writing) keep their per-request nonce", () => {
    const sign = proxy(request("/en/campaigns/stop-the-sensors/sign")).headers.get("Content-Security-Policy");
    expect(sign).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  });
});
