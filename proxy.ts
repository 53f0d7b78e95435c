import { NextResponse, type NextRequest } from "next/server";
import { isLocale, LOCALE_COOKIE, negotiateLocale } from "@/lib/i18n/config";
import { isEmbedDocument, isStaticDocument, policy, STATIC_DOCUMENT_CSP } from "@/lib/server/csp";
import { publicUrl } from "@/lib/server/env";

const YEAR = 365 * 24 * 3600;

/**
 * Every page lives under /<locale>. The language of a bare path is, in order: the `cst_lang`
 * cookie (set by the language switch), then Accept-Language, then English. The switch's links
 * carry `?lang=<locale>`: that sets the cookie for a year and redirects to the clean URL, so the
 * choice sticks without JavaScript. Each page response gets a Content-Security-Policy with a fresh
 * nonce: Next.js applies the nonce to its own scripts, and no inline script without it runs. A
 * campaign page is a static document with no inline script: its policy is fixed and strict; so is
 * the embeddable sign form's, which alone may be framed by other sites.
 */
export function proxy(request: NextRequest) {
  const response = isPage(request.nextUrl.pathname) ? page(request) : NextResponse.next();
  // Decided by the running instance's PUBLIC_URL, not at build time: one image serves both.
  // Never on plain http (the embedded default), which would pin a developer's browser to https.
  if (publicUrl().startsWith("https://")) response.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  return response;
}

/** Pages live under /<locale>; route handlers and files (a dot in the last segment) do not. */
function isPage(pathname: string): boolean {
  return !/^\/(api|_next)(\/|$)/.test(pathname) && !/\.[^/]*$/.test(pathname);
}

function page(request: NextRequest): NextResponse {
  const { pathname, search } = request.nextUrl;
  const first = pathname.split("/")[1];
  if (!isLocale(first)) {
    const cookie = request.cookies.get(LOCALE_COOKIE)?.value;
    const locale = isLocale(cookie) ? cookie : negotiateLocale(request.headers.get("accept-language"));
    const url = request.nextUrl.clone();
    url.pathname = `/${locale}${pathname === "/" ? "" : pathname}`;
    url.search = search;
    const response = NextResponse.redirect(url);
    // The answer depends on these request headers: caches must not share it across readers.
    response.headers.set("Vary", "Cookie, Accept-Language");
    return response;
  }
  const chosen = request.nextUrl.searchParams.get("lang");
  if (chosen !== null) {
    const url = request.nextUrl.clone();
    url.searchParams.delete("lang");
    const response = NextResponse.redirect(url, 303);
    if (chosen === first) {
      response.cookies.set(LOCALE_COOKIE, first, {
        path: "/",
        maxAge: YEAR,
        sameSite: "lax",
        httpOnly: true,
        secure: request.nextUrl.protocol === "https:",
      });
    }
    return response;
  }
  if (isStaticDocument(pathname)) {
    // No nonce to make, nothing for a layout to read: the document's CSP is the same for everyone.
    const response = NextResponse.next();
    response.headers.set("Content-Security-Policy", STATIC_DOCUMENT_CSP);
    return response;
  }
  if (isEmbedDocument(pathname)) {
    // The sign form other sites frame: a static document too, the one page with frame-ancestors
    // other than 'none' (next.config.ts leaves out X-Frame-Options for it alone). Its route sets
    // the policy, whose ancestors are the campaign's organization's listed sites.
    return NextResponse.next();
  }
  const nonce = btoa(crypto.randomUUID());
  const dev = process.env.NODE_ENV === "development";
  const csp = policy([
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // React style attributes need inline styles; scripts never get 'unsafe-inline'.
    "style-src 'self' 'unsafe-inline'",
  ]);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  // The path without its locale, for the layout's hreflang alternates and language switch.
  headers.set("x-cst-path", pathname.slice(first.length + 1));
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

/**
 * Every request but Next's own static files: pages (router prefetches included, which must carry
 * the same CSP as the page) for the language and CSP, everything else for HSTS.
 */
export const config = {
  matcher: ["/((?!_next/static|_next/image).*)"],
};
