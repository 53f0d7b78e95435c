import { LanguageLinks, SiteChrome } from "@/components/SiteChrome";
import { NotFoundMessage } from "@/components/NotFoundMessage";
import { ShareCard } from "@/components/ShareCard";
import { assetHref } from "@/components/site-assets";
import { plainText } from "@/lib/campaigns/markdown";
import { SHARE_IMAGE_SIZE, shareImageAlt } from "@/lib/campaigns/share-card";
import type { PublicCampaign } from "@/lib/campaigns/public";
import { ridingName } from "@/lib/directory/representatives";
import { formatDate, formatNumber, intlLocale, translator } from "@/lib/i18n";
import { paths } from "@/lib/paths";
import { isMailSink, publicUrl } from "@/lib/server/env";

type T = ReturnType<typeof translator>;

/**
 * The campaign page as one static HTML document: the page most of a surge lands on, served from
 * memory under a strict CSP (`script-src 'self'`, no inline script, no nonce), so it can be cached
 * by this instance and by a CDN (docs/decisions/0021-campaign-page-static-document.md). Same frame as every other page (SiteChrome);
 * its one script, /campaign.js, only adds the share card's copy and share-sheet buttons.
 */
export function CampaignDocument({ c, locale, count, source = null }: { c: PublicCampaign; locale: string; count: number; source?: string | null }) {
  const m = translator(locale);
  const image = `${publicUrl()}${paths.shareImage(locale, c.slug, { n: count })}`;
  const imageAlt = shareImageAlt(c, locale, count);
  const base = publicUrl();
  const url = `${base}${paths.campaign(locale, c.slug)}`;
  const title = plainText(c.title);
  const description = plainText(c.summary).slice(0, 300);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${m("meta.siteName")}`}</title>
        <meta name="description" content={description} />
        <link rel="canonical" href={url} />
        {c.locales.map((l) => (
          <link key={l} rel="alternate" hrefLang={l} href={`${base}${paths.campaign(l, c.slug)}`} />
        ))}
        {/* The campaign's default language, the same on every language's page. */}
        <link rel="alternate" hrefLang="x-default" href={`${base}${paths.campaign(c.locales[0] ?? c.locale, c.slug)}`} />
        {/* Its figures for machines: count, goal, state, where signatures come from. */}
        <link rel="alternate" type="application/json" href={`${base}${paths.campaignStats(c.slug)}`} />
        <meta property="og:title" content={title} />
        <meta property="og:description" content={description} />
        <meta property="og:url" content={url} />
        <meta property="og:site_name" content="Constituent" />
        <meta property="og:locale" content={intlLocale(c.locale).replace("-", "_")} />
        <meta property="og:type" content="article" />
        {/* The share card (lib/campaigns/share-image.tsx): title, organization, count and goal, in this page's language. */}
        <meta property="og:image" content={image} />
        <meta property="og:image:type" content="image/png" />
        <meta property="og:image:width" content={String(SHARE_IMAGE_SIZE.width)} />
        <meta property="og:image:height" content={String(SHARE_IMAGE_SIZE.height)} />
        <meta property="og:image:alt" content={imageAlt} />
        <meta name="twitter:card" content="summary_large_image" />
        <meta name="twitter:title" content={title} />
        <meta name="twitter:description" content={description} />
        <meta name="twitter:image" content={image} />
        <meta name="twitter:image:alt" content={imageAlt} />
        <link rel="icon" href="/icon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href={assetHref("site.css")} />
        <script src={assetHref("campaign.js")} defer />
      </head>
      <body>
        <SiteChrome
          locale={locale}
          m={m as unknown as (key: string) => string}
          mailbox={isMailSink()}
          languages={<LanguageLinks locale={locale} rest={paths.campaign(locale, c.slug).slice(locale.length + 1)} />}
        >
          <CampaignArticle c={c} locale={locale} count={count} m={m} url={url} title={title} source={source} />
        </SiteChrome>
      </body>
    </html>
  );
}

/**
 * The page speaks the reader's language; the campaign's own words (title, summary, body, demand)
 * carry the campaign's language in `lang`, so a screen reader reading an English campaign on the
 * Armenian page switches voice for them and back for the page around them. When the campaign is
 * not written in the reader's language, a note says which language it is in.
 */
function CampaignArticle({ c, locale, count, m, url, title, source }: { c: PublicCampaign; locale: string; count: number; m: T; url: string; title: string; source: string | null }) {
  const foreign = c.locale !== locale;
  return (
    <main>
      <article>
        {foreign ? (
          <p className="notice" data-testid="content-language">
            {m("campaign.writtenIn", { language: c.locale })}
          </p>
        ) : null}
        {c.organization.isDemo ? (
          <p className="notice">
            <span className="badge">{m("common.demoBadge")}</span> {m("common.demoNotice")}
          </p>
        ) : null}
        {c.organization.logoPath ? <img src={c.organization.logoPath} alt={m("campaign.logoAlt", { organization: c.organization.name })} height={48} /> : null}
        <h1 lang={c.locale}>{c.title}</h1>
        <p className="muted">{m("campaign.by", { organization: c.organization.name })}</p>
        <p lang={c.locale}>
          <strong>{c.summary}</strong>
        </p>

        <section className="card" aria-labelledby="progress-heading">
          <h2 id="progress-heading" className="muted progress-label">
            {m("campaign.progressLabel")}
          </h2>
          <p className="count" data-testid="signature-count">
            {m("campaign.progress", { count: formatNumber(locale, count), goal: formatNumber(locale, c.goal) })}
          </p>
          <progress max={c.goal} value={Math.min(count, c.goal)} aria-label={m("campaign.progressLabel")} />
          <p className="hint">{m("campaign.countFreshness")}</p>
          {c.signable ? (
            <p>
              <a className="button" href={paths.sign(locale, c.slug, { src: source })}>
                {m("campaign.signCta")}
              </a>
            </p>
          ) : (
            <p className="notice">{m("campaign.closed")}</p>
          )}
          {c.endsAt && c.signable ? (
            // endsAt is the first moment it is closed (midnight in Ottawa): the last open day is the one before.
            <p className="hint">{m("campaign.ends", { date: formatDate(locale, new Date(c.endsAt.getTime() - 1000)) })}</p>
          ) : null}
        </section>

        {/* Organizer Markdown rendered with raw HTML and dangerous URLs disabled (lib/campaigns/markdown.ts). */}
        <div lang={c.locale} dangerouslySetInnerHTML={{ __html: c.bodyHtml }} />

        <h2>{m("campaign.demand")}</h2>
        <p lang={c.locale}>{c.demand}</p>

        <h2>{m("campaign.targets")}</h2>
        <ul>
          {c.targets.map((t, i) =>
            t.kind === "own_mp" || !t.representative ? (
              <li key={i}>{m("campaign.targetOwnMp")}</li>
            ) : (
              <li key={i}>
                {t.representative.name} ({ridingName({ nameEn: t.representative.ridingNameEn, nameFr: t.representative.ridingNameFr }, locale)})
              </li>
            ),
          )}
        </ul>

        <section aria-labelledby="evidence-heading">
          <h2 id="evidence-heading">{m("campaign.evidence")}</h2>
          <p className="muted">{m("campaign.evidenceIntro")}</p>
          <ol className="timeline" data-testid="evidence">
            {c.sources.map((s) => (
              <li key={s.id}>
                <time dateTime={s.happenedOn}>{formatDate(locale, s.happenedOn)}</time>
                <a href={s.url} rel="noopener noreferrer nofollow" target="_blank" lang={s.locale ?? undefined}>
                  {s.title}
                </a>{" "}
                <span className="muted">— {s.publisher}</span>
              </li>
            ))}
          </ol>
        </section>

        {c.signable ? (
          <div data-share="" data-url={url} data-title={title}>
            <ShareCard
              url={url}
              title={title}
              text={{ heading: m("campaign.share"), intro: m("campaign.shareIntro"), email: m("campaign.shareEmail") }}
              buttons={
                <>
                  <button type="button" className="secondary" data-share-copy="" data-done={m("campaign.shareCopied")} hidden>
                    {m("campaign.shareCopy")}
                  </button>
                  <button type="button" className="secondary" data-share-native="" hidden>
                    {m("campaign.shareNative")}
                  </button>
                  <span role="status" className="hint" data-share-status="" />
                </>
              }
            />
          </div>
        ) : null}
        {c.organization.contactEmail ? (
          <p className="muted" data-testid="organization-contact">
            {m.rich("campaign.contact", {
              email: c.organization.contactEmail,
              link: (address) => <a href={`mailto:${c.organization.contactEmail}`}>{address}</a>,
            })}
          </p>
        ) : null}
        {c.deliverThenDelete ? (
          <p className="muted" data-testid="deliver-then-delete">
            {m("campaign.deliverThenDelete")}
          </p>
        ) : null}
      </article>
    </main>
  );
}

/** The answer to a campaign address that names no public campaign: the same frame, both languages. */
export function CampaignNotFound({ locale }: { locale: string }) {
  const m = translator(locale);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${m("common.notFoundTitle")} · ${m("meta.siteName")}`}</title>
        <link rel="icon" href="/icon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href={assetHref("site.css")} />
      </head>
      <body>
        <SiteChrome locale={locale} m={m as unknown as (key: string) => string} mailbox={isMailSink()} languages={<LanguageLinks locale={locale} rest="" />}>
          <NotFoundMessage />
        </SiteChrome>
      </body>
    </html>
  );
}
