import { NextResponse, type NextRequest } from "next/server";
import { isLocale, negotiateLocale } from "./lib/i18n/config";

/** Every page lives under /en or /fr; a bare path is sent to the reader's language. */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const first = pathname.split("/")[1];
  if (isLocale(first)) return NextResponse.next();
  const cookie = request.cookies.get("cst_lang")?.value;
  const locale = isLocale(cookie) ? cookie : negotiateLocale(request.headers.get("accept-language"));
  const url = request.nextUrl.clone();
  url.pathname = `/${locale}${pathname === "/" ? "" : pathname}`;
  url.search = search;
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ["/((?!api|_next|favicon.ico|robots.txt|.*\\..*).*)"],
};
