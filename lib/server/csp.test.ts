import { describe, expect, it } from "vitest";
import { EMBED_DOCUMENT_CSP, isEmbedDocument, isStaticDocument, policy, STATIC_DOCUMENT_CSP } from "./csp";

const directive = (csp: string, name: string) => csp.split("; ").find((d) => d.startsWith(`${name} `));

describe("Content-Security-Policy", () => {
  it("forbids framing every page but the embeddable sign form", () => {
    expect(directive(policy(["script-src 'self'"]), "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive(STATIC_DOCUMENT_CSP, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive(EMBED_DOCUMENT_CSP, "frame-ancestors")).toBe("frame-ancestors https: http://localhost:* http://127.0.0.1:*");
  });

  it("gives the embeddable form the campaign page's strict script and style sources, and its form posts only here", () => {
    expect(directive(EMBED_DOCUMENT_CSP, "script-src")).toBe("script-src 'self'");
    expect(directive(EMBED_DOCUMENT_CSP, "style-src")).toBe("style-src 'self'");
    expect(directive(EMBED_DOCUMENT_CSP, "form-action")).toBe("form-action 'self'");
  });

  it("knows the embeddable form's address and nothing else", () => {
    expect(isEmbedDocument("/en/campaigns/drone-sensors/embed")).toBe(true);
    expect(isEmbedDocument("/hy/campaigns/drone-sensors/embed/")).toBe(true);
    for (const p of ["/en/campaigns/drone-sensors", "/en/campaigns/drone-sensors/sign", "/en/campaigns/drone-sensors/embed/x", "/en/campaigns/embed", "/embed.js", "/en/org/o/campaigns/1/embed/x"]) {
      expect(isEmbedDocument(p), p).toBe(false);
    }
    expect(isStaticDocument("/en/campaigns/drone-sensors/embed")).toBe(false);
  });
});
