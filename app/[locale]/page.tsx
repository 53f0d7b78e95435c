import { listPublishedCampaigns } from "@/lib/campaigns/public";
import { getTranslations } from "next-intl/server";
import { paths } from "@/lib/paths";

export const dynamic = "force-dynamic";

export default async function Home({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  const m = await getTranslations({ locale: locale });
  const campaigns = await listPublishedCampaigns(locale);
  return (
    <main>
      <h1>{m("home.title")}</h1>
      <p className="muted">{m("home.intro")}</p>
      {campaigns.length === 0 ? <p>{m("home.empty")}</p> : null}
      <ul className="list-campaigns">
        {campaigns.map((c) => (
          // The campaign's words carry its language; the page's words (and a note when they differ) the reader's.
          <li key={c.slug} className="card">
            {c.isDemo ? <span className="badge">{m("common.demoBadge")}</span> : null}
            <h2 lang={c.locale}>
              <a href={paths.campaign(locale, c.slug)}>{c.title}</a>
            </h2>
            <p className="muted">{m("campaign.by", { organization: c.organizationName })}</p>
            {c.locale !== locale ? <p className="hint">{m("campaign.writtenIn", { language: c.locale })}</p> : null}
            <p lang={c.locale}>{c.summary}</p>
            <p>
              <strong>{m("home.signatures", { count: c.count })}</strong>
            </p>
          </li>
        ))}
      </ul>
    </main>
  );
}
