import { DEFAULT_LOCALE, isLocale } from "@/lib/i18n/config";

/**
 * Every URL of the site, built in one place. A locale that is not one of ours becomes the default
 * and every path segment is encoded, so a value bound into a form (which the browser can change)
 * can never turn a redirect into another site's address.
 */
const lang = (locale: string) => (isLocale(locale) ? locale : DEFAULT_LOCALE);
const seg = (value: string) => encodeURIComponent(value);


function withQuery(path: string, query?: Record<string, string | number | boolean | null | undefined>): string {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== false && v !== "") q.set(k, v === true ? "1" : String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export const paths = {
  home: (locale: string) => `/${lang(locale)}`,
  privacy: (locale: string) => `/${lang(locale)}/privacy`,
  campaign: (locale: string, slug: string, query?: Query) => withQuery(`/${lang(locale)}/campaigns/${seg(slug)}`, query),
  /** `src`: the link's source tag (lib/campaigns/sources.ts), carried to the sign form. */
  sign: (locale: string, slug: string, query?: { src?: string | null }) => withQuery(`/${lang(locale)}/campaigns/${seg(slug)}/sign`, query),
  /** The sign form for other sites' frames (docs/decisions/0031-embeddable-sign-form.md); `sent`: its "check your email". */
  embed: (locale: string, slug: string, query?: { src?: string | null; sent?: boolean }) => withQuery(`/${lang(locale)}/campaigns/${seg(slug)}/embed`, query),
  /** The campaign's share card (Open Graph / Twitter image), in one language. */
  shareImage: (locale: string, slug: string, query?: { n?: number }) => withQuery(`/${lang(locale)}/campaigns/${seg(slug)}/share-image`, query),
  riding: (locale: string, slug: string, query?: { vacant?: string; error?: string }) => withQuery(`/${lang(locale)}/campaigns/${seg(slug)}/riding`, query),
  write: (locale: string, slug: string, to?: string) => withQuery(`/${lang(locale)}/campaigns/${seg(slug)}/write`, { to }),
  preview: (locale: string, slug: string, to: string) => withQuery(`/${lang(locale)}/campaigns/${seg(slug)}/write/preview`, { to }),
  sent: (locale: string, slug: string, to: string, query?: { waiting?: boolean }) => withQuery(`/${lang(locale)}/campaigns/${seg(slug)}/sent`, { to, ...query }),
  checkEmail: (locale: string, slug: string, query?: { letter?: string; to?: string; resent?: boolean }) =>
    withQuery(`/${lang(locale)}/campaigns/${seg(slug)}/check-email`, query),
  confirm: (locale: string, token: string, query?: { invalid?: boolean }) => withQuery(`/${lang(locale)}/confirm/${seg(token)}`, query),
  approve: (locale: string, token: string) => `/${lang(locale)}/approve/${seg(token)}`,
  status: (locale: string, token: string, query?: { confirmed?: boolean; approved?: string; linkSent?: boolean; nothingHeld?: boolean }) => withQuery(`/${lang(locale)}/s/${seg(token)}`, query),
  withdraw: (locale: string, token: string) => `/${lang(locale)}/s/${seg(token)}/withdraw`,
  withdrawn: (locale: string) => `/${lang(locale)}/s/withdrawn`,
  letterDecided: (locale: string, outcome: string) => withQuery(`/${lang(locale)}/approve/done`, { outcome }),
  unsubscribe: (locale: string, token: string, query?: { done?: boolean; invalid?: boolean }) => withQuery(`/${lang(locale)}/unsubscribe/${seg(token)}`, query),
  /** "What do you hold about me?" (decision 0023): the request form, its answer, the access link's pages and the download. */
  myData: (locale: string, query?: { expired?: boolean }) => withQuery(`/${lang(locale)}/my-data`, query),
  myDataSent: (locale: string) => `/${lang(locale)}/my-data/sent`,
  myDataAccess: (locale: string, token: string) => `/${lang(locale)}/my-data/${seg(token)}`,
  myDataErase: (locale: string, token: string) => `/${lang(locale)}/my-data/${seg(token)}/erase`,
  myDataErased: (locale: string) => `/${lang(locale)}/my-data/erased`,
  myDataDownload: () => `/api/my-data`,
  mailbox: (locale: string) => `/${lang(locale)}/dev/mailbox`,
  mailboxMessage: (locale: string, id: string | number) => `/${lang(locale)}/dev/mailbox/${seg(String(id))}`,
  /** A campaign's public figures (JSON) and the same by riding (CSV). */
  campaignStats: (slug: string) => `/api/campaigns/${seg(slug)}`,
  campaignStatsCsv: (slug: string) => `/api/campaigns/${seg(slug)}/ridings.csv`,
  /** MPs' offices (decision 0029): preferences from a letter's link, sign-in by mail, the inbox. */
  office: {
    preferences: (locale: string, token: string, query?: Query) => withQuery(`/${lang(locale)}/office/preferences/${seg(token)}`, query),
    confirm: (locale: string, sealed: string) => `/${lang(locale)}/office/confirm/${seg(sealed)}`,
    signIn: (locale: string, query?: Query) => withQuery(`/${lang(locale)}/office`, query),
    signInLink: (locale: string, token: string) => `/${lang(locale)}/office/sign-in/${seg(token)}`,
    inbox: (locale: string, query?: Query) => withQuery(`/${lang(locale)}/office/inbox`, query),
    inboxCsv: (query?: Query) => withQuery(`/api/office/letters.csv`, query),
  },
  /** The organizer workspace. `org` is an organization's slug. */
  org: {
    home: (locale: string) => `/${lang(locale)}/org`,
    signIn: (locale: string) => `/${lang(locale)}/org/sign-in`,
    signInContinue: (locale: string) => `/${lang(locale)}/org/sign-in/continue`,
    checkEmail: (locale: string) => `/${lang(locale)}/org/check-email`,
    dashboard: (locale: string, org: string) => `/${lang(locale)}/org/${seg(org)}`,
    section: (locale: string, org: string, section: OrgSection, query?: Query) => withQuery(`/${lang(locale)}/org/${seg(org)}/${section}`, query),
    newCampaign: (locale: string, org: string) => `/${lang(locale)}/org/${seg(org)}/campaigns/new`,
    /** A campaign's dashboard; `link`: a named link just created, `hash`: a section to open at. */
    campaign: (locale: string, org: string, id: string, query?: { link?: string }, hash?: string) =>
      withQuery(`/${lang(locale)}/org/${seg(org)}/campaigns/${seg(id)}`, query) + (hash ? `#${seg(hash)}` : ""),
    campaignEdit: (locale: string, org: string, id: string, query?: Query) => withQuery(`/${lang(locale)}/org/${seg(org)}/campaigns/${seg(id)}/edit`, query),
    moderation: (locale: string, org: string, id: string, query?: Query, hash?: string) =>
      withQuery(`/${lang(locale)}/org/${seg(org)}/campaigns/${seg(id)}/moderation`, query) + (hash ? `#${seg(hash)}` : ""),
    /** A campaign link's QR code (`format` svg or png, `src` the link's source tag). */
    /** Updates to a campaign's supporters (decision 0032): the list, a new one, one update. */
    updates: (locale: string, org: string, id: string, query?: Query) => withQuery(`/${lang(locale)}/org/${seg(org)}/campaigns/${seg(id)}/updates`, query),
    newUpdate: (locale: string, org: string, id: string) => `/${lang(locale)}/org/${seg(org)}/campaigns/${seg(id)}/updates/new`,
    update: (locale: string, org: string, id: string, updateId: string, query?: Query) =>
      withQuery(`/${lang(locale)}/org/${seg(org)}/campaigns/${seg(id)}/updates/${seg(updateId)}`, query),
    qrCode: (org: string, id: string, query: { format: "svg" | "png"; src?: string }) => withQuery(`/api/org/${seg(org)}/campaigns/${seg(id)}/qr`, query),
    export: (org: string, id: string, query?: Query) => withQuery(`/api/org/${seg(org)}/campaigns/${seg(id)}/export`, query),
    /** A campaign's export page: its exports, and requests waiting for a second owner (decision 0025). */
    campaignExport: (locale: string, org: string, id: string, query?: Query) => withQuery(`/${lang(locale)}/org/${seg(org)}/campaigns/${seg(id)}/export`, query),
    /** The one download of an approved export request. */
    exportDownload: (org: string, requestId: string) => `/api/org/${seg(org)}/exports/${seg(requestId)}`,
  },
};

/** The organization's own sections (each a page under /<locale>/org/<org>/). */
export type OrgSection = "members" | "audit" | "directory" | "directory/import" | "blocklist" | "settings" | "organizations";
