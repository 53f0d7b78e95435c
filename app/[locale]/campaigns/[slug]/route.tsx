import { normalizeSource, SOURCE_PARAM } from "@/lib/campaigns/sources";
import { campaignPageResponse } from "./static-page";

/**
 * A campaign's public page. A route handler, not a page: it answers with one static HTML document
 * that needs no inline script, so it runs under a fixed strict CSP (proxy.ts) and can be cached
 * here and by a CDN, where a Next.js page needs a per-request nonce. docs/decisions/0021-campaign-page-static-document.md.
 */
export async function GET(request: Request, { params }: { params: Promise<{ locale: string; slug: string }> }) {
  const { locale, slug } = await params;
  // A tagged link (`?src=newsletter-dec`) hands its tag to the sign link; anything else is ignored.
  const source = normalizeSource(new URL(request.url).searchParams.get(SOURCE_PARAM));
  return campaignPageResponse(locale, slug, source);
}
