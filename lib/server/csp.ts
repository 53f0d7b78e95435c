/** The Content-Security-Policy of every page, given its script and style sources. */
export function policy(scriptAndStyle: string[]): string {
  return [
    "default-src 'self'",
    ...scriptAndStyle,
    "img-src 'self' data: https://www.ourcommons.ca",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'self'",
    "frame-ancestors 'none'",
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

/** A campaign's page: /<locale>/campaigns/<slug>, nothing below it (signing, writing: Next.js pages). */
export function isStaticDocument(pathname: string): boolean {
  return /^\/[^/]+\/campaigns\/[^/]+\/?$/.test(pathname);
}

