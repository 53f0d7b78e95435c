import { getConfirmedCount } from "@/lib/campaigns/count";
import { EMBED_SOURCE } from "@/lib/campaigns/embed";
import { getPublicCampaign } from "@/lib/campaigns/public";
import { normalizeSource, SOURCE_PARAM } from "@/lib/campaigns/sources";
import { DEFAULT_LOCALE, isLocale, type Locale } from "@/lib/i18n";
import { paths } from "@/lib/paths";
import { fieldErrors, formValues } from "@/lib/server/forms";
import { embedDocumentCsp } from "@/lib/server/csp";
import { readForm } from "@/lib/server/http";
import { platformAddress } from "@/lib/server/mail";
import { clientIp } from "@/lib/server/request";
import { createSignature, SIGN_FORM_FIELDS, signFormInput, signInputSchema } from "@/lib/signing/sign";
import { CAMPAIGN_PAGE_CACHE_HEADERS, renderDocument } from "../static-page";
import { EmbedDocument, EmbedNotFound, type EmbedState } from "./EmbedDocument";

/**
 * The sign form other sites frame (docs/decisions/0031-embeddable-sign-form.md). A route handler
 * like the campaign page: a static document under its own CSP (the only one whose frame-ancestors
 * is not 'none': the organization's listed sites, or any https site), the same for every reader so a CDN may keep it. The form posts
 * here; signing is the sign page's (createSignature: honeypot, block list, rate limits, one email
 * job), and nothing is kept in a cookie, which a framed page may not get: the answer is "check
 * your email", the same for a new and a known address, and the emailed link opens a new tab where
 * confirming gives that browser its proven flow (decision 0014).
 */
type Params = { params: Promise<{ locale: string; slug: string }> };

const HTML = "text/html; charset=utf-8";
/** Answers to a post are this reader's: no cache keeps them. */
const PRIVATE = { "Content-Type": HTML, "Cache-Control": "no-store" };

export async function GET(request: Request, { params }: Params) {
  const { locale, slug } = await params;
  const query = new URL(request.url).searchParams;
  const source = normalizeSource(query.get(SOURCE_PARAM)) ?? EMBED_SOURCE;
  const state: EmbedState = query.get("sent") === "1" ? { kind: "sent", source } : { kind: "form", source, values: {}, errors: {} };
  return respond(locale, slug, state, { ...CAMPAIGN_PAGE_CACHE_HEADERS, "Content-Type": HTML });
}

export async function POST(request: Request, { params }: Params) {
  const { locale: raw, slug } = await params;
  const locale: Locale = isLocale(raw) ? raw : DEFAULT_LOCALE;
  // A route handler has no server action's body limit: read at most 16 kB (a filled form is ~2 kB).
  const body = await readForm(request);
  if (!body.ok) return body.response;
  const form = new FormData();
  for (const [k, v] of body.form) form.append(k, v);
  const values = formValues(form, SIGN_FORM_FIELDS);
  // A frame pasted without a tag counts as "embed"; a partner's own tag (?src= in the frame's address) wins.
  const source = normalizeSource(values.source) ?? EMBED_SOURCE;
  const parsed = await signInputSchema.safeParseAsync(signFormInput({ ...values, source }));
  if (!parsed.success) return respond(locale, slug, { kind: "form", source, values, errors: fieldErrors(parsed.error) }, PRIVATE, 400);
  const result = await createSignature(parsed.data, { campaignSlug: slug, locale, ip: clientIp(request.headers) });
  if (!result.ok) {
    const formError = result.error === "campaign.closed" ? "campaign.closed" : "generic";
    return respond(locale, slug, { kind: "form", source, values, errors: {}, formError }, PRIVATE, result.error === "campaign.notFound" ? 404 : 409);
  }
  // Post, then redirect to a page that is the same for everyone: a reload sends nothing twice.
  const sent = paths.embed(locale, slug, { sent: true, src: source === EMBED_SOURCE ? null : source });
  return new Response(null, { status: 303, headers: { Location: sent, "Cache-Control": "no-store" } });
}

async function respond(locale: string, slug: string, state: EmbedState, headers: Record<string, string>, status = 200): Promise<Response> {
  const c = isLocale(locale) ? await getPublicCampaign(slug, locale) : null;
  if (!c) {
    const html = await renderDocument(<EmbedNotFound locale={isLocale(locale) ? locale : DEFAULT_LOCALE} />);
    return new Response(html, { status: 404, headers: { ...headers, "Content-Security-Policy": embedDocumentCsp([]) } });
  }
  const count = await getConfirmedCount(c.id);
  const html = await renderDocument(<EmbedDocument c={c} locale={locale} count={count} from={platformAddress("no-reply").address} state={state} />);
  // Who may frame it: the organization's listed sites, or any https site (decision 0031).
  return new Response(html, { status, headers: { ...headers, "Content-Security-Policy": embedDocumentCsp(c.organization.embedSites) } });
}
