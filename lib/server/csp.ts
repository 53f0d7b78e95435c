/**
 * The Content-Security-Policy of every page, given its script and style sources. No page may be
 * framed (`frame-ancestors 'none'`) but the embeddable sign form, which passes its own ancestors.
 */
export function policy(scriptAndStyle: string[], frameAncestors = "'none'"): string {
  return [
    "default-src 'self'",
    ...scriptAndStyle,
    "img-src 'self' data: https://www.ourcommons.ca",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'self'",
    `frame-ancestors ${frameAncestors}`,
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

/**
 * The policy of a static document (a campaign page, app/[locale]/campaigns/[slug]/route.tsx): it
 * has no inline script and no style attribute, so scripts and styles come from this site only.
 */
export const STATIC_DOCUMENT_CSP = policy(["script-src 'self'", "style-src 'self'"]);

/**
 * Who may frame the embeddable sign form: any site served over https (a page on plain http can be
 * rewritten on the way, around the form), and loopback for a partner developing locally; or, when
 * the organization listed its sites in its settings, those sites only.
 */
export const EMBED_FRAME_ANCESTORS = "https: http://localhost:* http://127.0.0.1:*";

/** The embeddable sign form's policy: a static document like the campaign page, that other sites may frame. */
export const EMBED_DOCUMENT_CSP = policy(["script-src 'self'", "style-src 'self'"], EMBED_FRAME_ANCESTORS);

/**
 * The sign form's policy for one organization: its listed sites (origins checked when saved,
 * lib/organizer/settings.ts, and again here) or, with none, EMBED_FRAME_ANCESTORS.
 */
export function embedDocumentCsp(sites: readonly string[]): string {
  const safe = sites.filter((s) => /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(s));
  return safe.length ? policy(["script-src 'self'", "style-src 'self'"], safe.join(" ")) : EMBED_DOCUMENT_CSP;
}

/** A campaign's page: /<locale>/campaigns/<slug>, nothing below it (signing, writing: Next.js pages). */
export function isStaticDocument(pathname: string): boolean {
  return /^\/[^/]+\/campaigns\/[^/]+\/?$/.test(pathname);
}

/** The embeddable sign form, /<locale>/campaigns/<slug>/embed: the only address another site may frame. */
export function isEmbedDocument(pathname: string): boolean {
  return /^\/[^/]+\/campaigns\/[^/]+\/embed\/?$/.test(pathname);
}
