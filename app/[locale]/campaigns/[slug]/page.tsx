import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getConfirmedCount } from "@/lib/campaigns/count";
import { getPublicCampaign } from "@/lib/campaigns/public";
import { publicUrl } from "@/lib/server/env";
import { getTranslations } from "next-intl/server";
import { formatDate, formatNumber, intlLocale } from "@/lib/i18n";
import { plainText } from "@/lib/campaigns/markdown";
import { paths } from "@/lib/paths";
import { ridingName } from "@/lib/directory/representatives";
import { SharePanel } from "@/components/SharePanel";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ locale: string; slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, slug } = await params;
  const c = await getPublicCampaign(slug, locale);
  if (!c) return {};
  const title = plainText(c.title);
  const description = plainText(c.summary).slice(0, 300);
  const url = `${publicUrl()}${paths.campaign(locale, c.slug)}`;
  return {
    title,
    description,
    alternates: {
      canonical: url,
      languages: {
        ...Object.fromEntries(c.locales.map((l) => [l, `${publicUrl()}${paths.campaign(l, c.slug)}`])),
        "x-default": `${publicUrl()}${paths.campaign(c.locale, c.slug)}`,
      },
      // Its figures for machines: count, goal, state, where signatures come from.
      types: { "application/json": `${publicUrl()}${paths.campaignStats(c.slug)}` },
    },
    openGraph: { title, description, url, type: "article", siteName: "Constituent", locale: intlLocale(c.locale).replace("-", "_") },
  };
}

export default async function CampaignPage({ params }: Props) {
  const { locale, slug } = await params;
  const c = await getPublicCampaign(slug, locale);
  if (!c) notFound();
  const m = await getTranslations({ locale: locale });
  const count = await getConfirmedCount(c.id);
  const url = `${publicUrl()}${paths.campaign(locale, c.slug)}`;
  return (
    <main>
      <article lang={c.locale}>
        {c.organization.isDemo ? (
          <p className="notice">
            <span className="badge">{m("common.demoBadge")}</span> {m("common.demoNotice")}
          </p>
        ) : null}
        {c.organization.logoPath ? <img src={c.organization.logoPath} alt={m("campaign.logoAlt", { organization: c.organization.name })} height={48} /> : null}
        <h1>{c.title}</h1>
        <p className="muted">{m("campaign.by", { organization: c.organization.name })}</p>
        <p>
          <strong>{c.summary}</strong>
        </p>

        <section className="card" aria-labelledby="progress-heading">
          <h2 id="progress-heading" className="muted" style={{ fontSize: "1rem", margin: 0 }}>
            {m("campaign.progressLabel")}
          </h2>
          <p className="count" data-testid="signature-count">
            {m("campaign.progress", { count: formatNumber(locale, count), goal: formatNumber(locale, c.goal) })}
          </p>
          <progress max={c.goal} value={Math.min(count, c.goal)} aria-label={m("campaign.progressLabel")} />
          <p className="hint">{m("campaign.countFreshness")}</p>
          {c.signable ? (
            <p>
              <a className="button" href={paths.sign(locale, c.slug)}>
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
        <div dangerouslySetInnerHTML={{ __html: c.bodyHtml }} />

        <h2>{m("campaign.demand")}</h2>
        <p>{c.demand}</p>

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
                <a href={s.url} rel="noopener noreferrer nofollow" target="_blank">
                  {s.title}
                </a>{" "}
                <span className="muted">— {s.publisher}</span>
              </li>
            ))}
          </ol>
        </section>

        {c.signable ? <SharePanel locale={locale} url={url} title={plainText(c.title)} /> : null}
        {c.organization.contactEmail ? (
          <p className="muted" data-testid="organization-contact">
            {m.rich("campaign.contact", {
              email: c.organization.contactEmail,
              link: (address) => <a href={`mailto:${c.organization.contactEmail}`}>{address}</a>,
            })}
          </p>
        ) : null}
      </article>
    </main>
  );
}
