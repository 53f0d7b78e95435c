import type { ReactElement } from "react";
import { prerenderToNodeStream } from "react-dom/static";
import { COUNT_TTL_MS, getConfirmedCount } from "@/lib/campaigns/count";
import { getPublicCampaign, type PublicCampaign } from "@/lib/campaigns/public";
import { DEFAULT_LOCALE, isLocale, type Locale } from "@/lib/i18n";
import { CampaignDocument, CampaignNotFound } from "./CampaignDocument";

const COUNT_TTL_S = COUNT_TTL_MS / 1000;

/**
 * Who may keep a campaign page, and how long. A CDN (RFC 9213 `CDN-Cache-Control`, or `s-maxage`
 * for shared caches that only read `Cache-Control`) keeps it for the count's own interval, serves it
 * up to twice that longer while fetching a fresh one, and five times that while this site is down
 * (e-petitions' settings). A browser asks again each time (max-age=0), so an organizer who has just
 * closed signing, or a supporter who has just confirmed, never reads their own browser's old copy;
 * the instance answers from its render cache. Nothing on the page depends on who asks.
 */
export const CAMPAIGN_PAGE_CACHE_HEADERS = {
  "Cache-Control": `public, max-age=0, s-maxage=${COUNT_TTL_S}`,
  "CDN-Cache-Control": `public, max-age=${COUNT_TTL_S}, stale-while-revalidate=${2 * COUNT_TTL_S}, stale-if-error=${5 * COUNT_TTL_S}`,
} as const;

/**
 * Each public campaign object (one per slug and language, held a few seconds by
 * lib/campaigns/public.ts) with the page rendered for it at one count, once per source tag
 * (`?src=`, which only changes the sign link). A new object (an edit, or its lifetime over) or a
 * new count renders again; otherwise a request costs two memory reads. Weakly held: the campaign
 * memo's bounds are this cache's bounds, and an unknown slug adds nothing. Tags are anyone's to
 * invent, so at most SOURCES_HELD of them are kept per object; others render each time (about a
 * millisecond).
 */
const rendered = new WeakMap<PublicCampaign, { count: number; html: Map<string, string> }>();
const SOURCES_HELD = 32;

/** One document rendered to HTML, with no React in the browser (also the embeddable form's, embed/route.tsx). */
export async function renderDocument(document: ReactElement): Promise<string> {
  const { prelude } = await prerenderToNodeStream(document);
  let html = "";
  for await (const chunk of prelude) html += chunk;
  return html;
}

async function campaignHtml(c: PublicCampaign, locale: string, count: number, source: string | null): Promise<string> {
  let held = rendered.get(c);
  if (!held || held.count !== count) {
    held = { count, html: new Map() };
    rendered.set(c, held);
  }
  const key = source ?? "";
  const cached = held.html.get(key);
  if (cached !== undefined) return cached;
  const html = await renderDocument(<CampaignDocument c={c} locale={locale} count={count} source={source} />);
  if (held.html.size < SOURCES_HELD) held.html.set(key, html);
  return html;
}

const HTML = "text/html; charset=utf-8";

/** The 404 document, one per language: an address that names no campaign costs no render and no memory. */
const notFound = new Map<Locale, Promise<string>>();
function notFoundHtml(locale: Locale): Promise<string> {
  let html = notFound.get(locale);
  if (!html) {
    html = renderDocument(<CampaignNotFound locale={locale} />);
    notFound.set(locale, html);
    html.catch(() => notFound.delete(locale));
  }
  return html;
}

/**
 * The campaign page's response: the static document, or a 404 in the same frame. `source` is the
 * link's normalised `?src=` tag (lib/campaigns/sources.ts), handed on in the sign link.
 */
export async function campaignPageResponse(locale: string, slug: string, source: string | null = null): Promise<Response> {
  const c = isLocale(locale) ? await getPublicCampaign(slug, locale) : null;
  if (!c) {
    return new Response(await notFoundHtml(isLocale(locale) ? locale : DEFAULT_LOCALE), {
      status: 404,
      headers: { "Content-Type": HTML, ...CAMPAIGN_PAGE_CACHE_HEADERS },
    });
  }
  const html = await campaignHtml(c, locale, await getConfirmedCount(c.id), source);
  return new Response(html, { headers: { "Content-Type": HTML, ...CAMPAIGN_PAGE_CACHE_HEADERS } });
}
