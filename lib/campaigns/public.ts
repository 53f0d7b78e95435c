import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import {
COUNTED_SIGNATURE_STATUSES,
campaignContent,
campaignSources,
campaignTargets,
campaigns,
letterTemplates,
organizations,
representatives,
ridings,
signatures,
type CampaignStatus,
} from "@/db/schema";
import { getDb } from "@/lib/server/db";
import { DEFAULT_LOCALE, isLocale, letterLocalePreference } from "@/lib/i18n/config";
import { renderMarkdown } from "./markdown";
import { isCampaignSlug } from "./slugs";
import { getConfirmedCount, getCountCacheStats } from "./count";
import { ttlMemo, type MemoStats } from "@/lib/server/cache";

/** Campaigns whose page is public. Drafts are private; archived ones are gone from public view. */
export const PUBLIC_CAMPAIGN_STATUSES = ["published", "closed"] as const satisfies readonly CampaignStatus[];
/** Only these take signatures. */
export const SIGNABLE_CAMPAIGN_STATUSES = ["published"] as const satisfies readonly CampaignStatus[];

const PUBLIC_CAMPAIGN_TTL_MS_LIST = 5_000;

function pickLocale(available: string[], wanted: string): string {
  return available.includes(wanted) ? wanted : (available[0] ?? "en");
}

export interface CampaignListItem {
  slug: string;
  title: string;
  summary: string;
  locale: string;
  organizationName: string;
  isDemo: boolean;
  goal: number;
  count: number;
  status: CampaignStatus;
}

// One list per language. A list holds every published campaign's title and summary (≈ 1.5 kB
// each), so 16 MB keeps it cached up to some ten thousand campaigns; past that the home page
// still works, reading the database each time.
const publishedListMemo = ttlMemo("publishedList", PUBLIC_CAMPAIGN_TTL_MS_LIST, (locale: string) => loadPublishedCampaigns(locale), {
  maxEntries: 4,
  maxBytes: 16_000_000,
});

/** The home page's list (cached a few seconds per instance, like the campaign page). */
export function listPublishedCampaigns(locale: string): Promise<CampaignListItem[]> {
  return publishedListMemo.get(isLocale(locale) ? locale : DEFAULT_LOCALE);
}

async function loadPublishedCampaigns(locale: string): Promise<CampaignListItem[]> {
  const db = await getDb();
  const rows = await db
    .select({
      id: campaigns.id,
      slug: campaigns.slug,
      locales: campaigns.locales,
      status: campaigns.status,
      goal: campaigns.signatureGoal,
      organizationName: organizations.name,
      isDemo: organizations.isDemo,
      publishedAt: campaigns.publishedAt,
    })
    .from(campaigns)
    .innerJoin(organizations, eq(organizations.id, campaigns.organizationId))
    .where(and(eq(campaigns.status, "published"), isNull(organizations.suspendedAt)))
    .orderBy(sql`${campaigns.publishedAt} desc nulls last`);
  if (rows.length === 0) return [];
  const contents = await db
    .select()
    .from(campaignContent)
    .where(inArray(campaignContent.campaignId, rows.map((r) => r.id)));
  return Promise.all(
    rows.map(async (r) => {
      const l = pickLocale(r.locales, locale);
      const c = contents.find((x) => x.campaignId === r.id && x.locale === l) ?? contents.find((x) => x.campaignId === r.id);
      return {
        slug: r.slug,
        title: c?.title ?? r.slug,
        summary: c?.summary ?? "",
        locale: c?.locale ?? l,
        organizationName: r.organizationName,
        isDemo: r.isDemo,
        goal: r.goal,
        count: await getConfirmedCount(r.id),
        status: r.status,
      };
    }),
  );
}

export interface PublicCampaign {
  id: string;
  slug: string;
  status: CampaignStatus;
  /** The language the content is shown in (the reader's, when the campaign has it). */
  locale: string;
  locales: string[];
  title: string;
  summary: string;
  bodyHtml: string;
  demand: string;
  goal: number;
  endsAt: Date | null;
  organization: { id: string; name: string; slug: string; isDemo: boolean; contactEmail: string | null; logoPath: string | null; embedSites: string[] };
  /** A source's language when the organizer gave one (null: shown in every language, its language unknown). */
  sources: { id: string; happenedOn: string; title: string; publisher: string; url: string; locale: string | null }[];
  targets: { kind: "own_mp" | "representative"; representative?: { id: string; name: string; party: string | null; ridingNameEn: string; ridingNameFr: string } }[];
  signable: boolean;
  /** Each letter's text and its writer's identity are erased once the office has it (the page says so). */
  deliverThenDelete: boolean;
}

/** An organization's logo on this site (a new address with each upload), or null without one. */
export function logoPath(slug: string, updatedAt: Date | null): string | null {
  return updatedAt ? `/api/organizations/${encodeURIComponent(slug)}/logo?v=${updatedAt.getTime().toString(36)}` : null;
}

/** How long a public campaign page's content may be served from memory after an edit. */
export const PUBLIC_CAMPAIGN_TTL_MS = 5_000;
// A campaign page is ≈ 5–20 kB (its body's HTML dominates; at most a few hundred kB at the
// body's length limit). 500 pages in 8 MB covers every campaign anyone is reading at once; the
// rest are a query away. "No such campaign" is never held: anyone can ask for random slugs.
const publicCampaignMemo = ttlMemo("publicCampaign", PUBLIC_CAMPAIGN_TTL_MS, ([slug, locale]: [string, string]) => loadPublicCampaign(slug, locale), {
  maxEntries: 500,
  maxBytes: 8_000_000,
  cacheable: (campaign) => campaign !== null,
});

/** A campaign as the public sees it, or null if it does not exist or is not public (cached a few seconds). */
export async function getPublicCampaign(slug: string, locale: string): Promise<PublicCampaign | null> {
  // A string no campaign could have as its slug is answered without a query or a cache entry.
  if (!isCampaignSlug(slug)) return null;
  // An unsupported language is read as the default one (no campaign has content in it), so it adds no keys.
  return publicCampaignMemo.get([slug, isLocale(locale) ? locale : DEFAULT_LOCALE]);
}

/** What the campaign caches of this instance hold now, against their limits. */
export function getCampaignCacheStats(): { counts: MemoStats; publishedList: MemoStats; publicCampaign: MemoStats } {
  return { counts: getCountCacheStats(), publishedList: publishedListMemo.stats(), publicCampaign: publicCampaignMemo.stats() };
}

/** Called after an organizer changes a campaign, so this instance shows it at once. */
export function invalidatePublicCampaign(): void {
  publicCampaignMemo.invalidate();
  publishedListMemo.invalidate();
}

async function loadPublicCampaign(slug: string, locale: string): Promise<PublicCampaign | null> {
  const db = await getDb();
  const [c] = await db
    .select({
      id: campaigns.id,
      slug: campaigns.slug,
      status: campaigns.status,
      locales: campaigns.locales,
      goal: campaigns.signatureGoal,
      endsAt: campaigns.endsAt,
      deliverThenDelete: campaigns.deliverThenDelete,
      orgId: organizations.id,
      orgName: organizations.name,
      orgSlug: organizations.slug,
      isDemo: organizations.isDemo,
      orgContact: organizations.contactEmail,
      orgLogoAt: organizations.logoUpdatedAt,
      orgEmbedSites: organizations.embedSites,
    })
    .from(campaigns)
    .innerJoin(organizations, eq(organizations.id, campaigns.organizationId))
    .where(and(eq(campaigns.slug, slug), inArray(campaigns.status, PUBLIC_CAMPAIGN_STATUSES), isNull(organizations.suspendedAt)));
  if (!c) return null;
  const l = pickLocale(c.locales, locale);
  const contents = await db.select().from(campaignContent).where(eq(campaignContent.campaignId, c.id));
  const content = contents.find((x) => x.locale === l) ?? contents[0];
  if (!content) return null;
  const [sources, targets] = await Promise.all([
    db
      .select({
        id: campaignSources.id,
        happenedOn: campaignSources.happenedOn,
        title: campaignSources.title,
        publisher: campaignSources.publisher,
        url: campaignSources.url,
        locale: campaignSources.locale,
      })
      .from(campaignSources)
      .where(and(eq(campaignSources.campaignId, c.id), or(isNull(campaignSources.locale), eq(campaignSources.locale, content.locale))))
      .orderBy(asc(campaignSources.happenedOn)),
    db
      .select({
        kind: campaignTargets.kind,
        repId: representatives.id,
        repName: representatives.name,
        repParty: representatives.party,
        ridingNameEn: ridings.nameEn,
        ridingNameFr: ridings.nameFr,
      })
      .from(campaignTargets)
      .leftJoin(representatives, eq(representatives.id, campaignTargets.representativeId))
      .leftJoin(ridings, eq(ridings.fedNum, representatives.ridingFedNum))
      .where(eq(campaignTargets.campaignId, c.id)),
  ]);
  const ended = c.endsAt !== null && c.endsAt.getTime() < Date.now();
  return {
    id: c.id,
    slug: c.slug,
    status: c.status,
    locale: content.locale,
    locales: c.locales,
    title: content.title,
    summary: content.summary,
    bodyHtml: renderMarkdown(content.bodyMarkdown),
    demand: content.demand,
    goal: c.goal,
    endsAt: c.endsAt,
    organization: { id: c.orgId, name: c.orgName, slug: c.orgSlug, isDemo: c.isDemo, contactEmail: c.orgContact, logoPath: logoPath(c.orgSlug, c.orgLogoAt), embedSites: c.orgEmbedSites },
    sources,
    targets: targets.map((t) =>
      t.kind === "representative" && t.repId
        ? {
            kind: t.kind,
            representative: {
              id: t.repId,
              name: t.repName ?? "",
              party: t.repParty,
              ridingNameEn: t.ridingNameEn ?? "",
              ridingNameFr: t.ridingNameFr ?? "",
            },
          }
        : { kind: "own_mp" as const },
    ),
    signable: (SIGNABLE_CAMPAIGN_STATUSES as readonly string[]).includes(c.status) && !ended,
    deliverThenDelete: c.deliverThenDelete,
  };
}

export interface LetterTemplate {
  locale: string;
  subjects: string[];
  body: string;
  personalPrompt: string;
}

/**
 * The letter template a reader writes from: always in a letter language (English or French, what
 * offices read), hers when the campaign has one in it, otherwise the campaign's default letter
 * language (letterLocalePreference). An Armenian reader writes from the English or French letter.
 */
export async function getLetterTemplate(campaignId: string, reader: string, campaignLocales: readonly string[] = []): Promise<LetterTemplate | null> {
  const db = await getDb();
  const rows = await db
    .select({
      locale: letterTemplates.locale,
      subjects: letterTemplates.subjects,
      body: letterTemplates.body,
      personalPrompt: letterTemplates.personalPrompt,
    })
    .from(letterTemplates)
    .where(eq(letterTemplates.campaignId, campaignId));
  for (const l of letterLocalePreference(campaignLocales, reader)) {
    const row = rows.find((r) => r.locale === l);
    if (row) return row;
  }
  return null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getPublicCampaignById(id: string, locale: string): Promise<PublicCampaign | null> {
  // Not an id at all: no query (PostgreSQL would refuse it as a uuid anyway).
  if (!UUID.test(id)) return null;
  const db = await getDb();
  const [c] = await db.select({ slug: campaigns.slug }).from(campaigns).where(eq(campaigns.id, id));
  return c ? getPublicCampaign(c.slug, locale) : null;
}

export interface OrganizerCampaignRow {
  id: string;
  slug: string;
  title: string;
  status: CampaignStatus;
  confirmed: number;
}

/** An organization's campaigns, for its members only: the organization comes from the actor, never the request. */
export async function listOrganizationCampaigns(actor: { organizationId: string }, locale: string): Promise<OrganizerCampaignRow[]> {
  const db = await getDb();
  const rows = await db
    .select({ id: campaigns.id, slug: campaigns.slug, status: campaigns.status, locales: campaigns.locales })
    .from(campaigns)
    .where(eq(campaigns.organizationId, actor.organizationId))
    .orderBy(sql`${campaigns.createdAt} desc`);
  if (rows.length === 0) return [];
  const [contents, counts] = await Promise.all([
    db.select({ campaignId: campaignContent.campaignId, locale: campaignContent.locale, title: campaignContent.title }).from(campaignContent).where(inArray(campaignContent.campaignId, rows.map((r) => r.id))),
    db
      .select({ campaignId: signatures.campaignId, n: sql<number>`count(*)::int` })
      .from(signatures)
      .where(and(inArray(signatures.campaignId, rows.map((r) => r.id)), inArray(signatures.status, COUNTED_SIGNATURE_STATUSES)))
      .groupBy(signatures.campaignId),
  ]);
  return rows.map((r) => {
    const l = pickLocale(r.locales, locale);
    const c = contents.find((x) => x.campaignId === r.id && x.locale === l) ?? contents.find((x) => x.campaignId === r.id);
    return { id: r.id, slug: r.slug, title: c?.title ?? r.slug, status: r.status, confirmed: counts.find((x) => x.campaignId === r.id)?.n ?? 0 };
  });
}
