import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ScrollRegion } from "@/components/ScrollRegion";
import { formatDate } from "@/lib/i18n/format";
import { inboxQuerySchema, loadOfficeInbox } from "@/lib/offices/inbox";
import { officeLinkToken } from "@/lib/offices/offices";
import { currentOffice } from "@/lib/offices/session-cookie";
import { paths } from "@/lib/paths";
import { signOutAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

/** The letters verified constituents sent to this office, and nothing else of the platform. */
export default async function OfficeInboxPage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { locale } = await params;
  const office = await currentOffice();
  if (!office) redirect(paths.office.signIn(locale));
  const query = inboxQuerySchema.parse(await searchParams);
  const inbox = await loadOfficeInbox(office, query, locale);
  const m = await getTranslations({ locale, namespace: "office" });
  const filter = { campaign: query.campaign, q: query.q };
  return (
    <main>
      <h1>{m("inboxTitle")}</h1>
      <p>{m("inboxFor", { names: inbox.names.join(", ") || office, email: office })}</p>
      <form action={signOutAction.bind(null, { locale })}>
        <button type="submit" className="secondary">
          {m("signOut")}
        </button>
      </form>
      <p>
        <a href={paths.office.preferences(locale, officeLinkToken(office))}>{m("preferencesLink")}</a>
      </p>

      <h2 id="by-campaign">{m("byCampaign")}</h2>
      <ul data-testid="office-campaigns">
        {inbox.campaigns.map((c) => (
          <li key={c.id}>
            <a href={paths.office.inbox(locale, { campaign: c.id })}>{c.title}</a>: {c.count}
          </li>
        ))}
      </ul>

      <form method="get" action={paths.office.inbox(locale)} role="search">
        <div className="field">
          <label htmlFor="campaign">{m("campaignLabel")}</label>
          <select id="campaign" name="campaign" defaultValue={query.campaign ?? ""}>
            <option value="">{m("allCampaigns")}</option>
            {inbox.campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q">{m("searchLabel")}</label>
          <input id="q" name="q" type="search" defaultValue={query.q ?? ""} maxLength={200} />
        </div>
        <button type="submit">{m("searchButton")}</button>
      </form>

      <h2 id="by-week">{m("byWeek")}</h2>
      <ScrollRegion labelledBy="by-week">
        <table>
          <thead>
            <tr>
              <th scope="col">{m("weekColumn")}</th>
              <th scope="col">{m("countColumn")}</th>
            </tr>
          </thead>
          <tbody>
            {inbox.weeks.map((w) => (
              <tr key={w.week}>
                <td>{formatDate(locale, w.week)}</td>
                <td>{w.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>

      <h2 id="letters">{m("showing", { total: inbox.total })}</h2>
      <p>
        <a href={paths.office.inboxCsv(filter)} download>
          {m("exportCsv")}
        </a>
      </p>
      {inbox.letters.length === 0 ? <p>{m("noLetters")}</p> : null}
      <div data-testid="office-letters">
        {inbox.letters.map((l) => (
          <article key={l.id} className="card">
            <h3>{l.subject || l.campaignTitle}</h3>
            <p>
              {l.name}
              {l.postalCode ? ` · ${m("postal")} ${l.postalCode}` : ""}
              {l.email ? (
                <>
                  {" · "}
                  {m("replyTo")} <a href={`mailto:${l.email}`}>{l.email}</a>
                </>
              ) : null}
            </p>
            <p className="hint">
              {l.campaignTitle} · {l.inDigestOf ? m("inDigest", { date: formatDate(locale, l.inDigestOf) }) : m("sentOn", { date: formatDate(locale, l.sentAt) })}
            </p>
            {l.text ? (
              <div style={{ whiteSpace: "pre-wrap" }}>{l.text}</div>
            ) : (
              <p className="hint">{m("erasedText")}</p>
            )}
          </article>
        ))}
      </div>
      {inbox.pages > 1 ? (
        <nav aria-label={m("pageOf", { page: inbox.page, pages: inbox.pages })}>
          <p>{m("pageOf", { page: inbox.page, pages: inbox.pages })}</p>
          {inbox.page > 1 ? <a href={paths.office.inbox(locale, { ...filter, page: inbox.page - 1 })}>{m("previous")}</a> : null}{" "}
          {inbox.page < inbox.pages ? <a href={paths.office.inbox(locale, { ...filter, page: inbox.page + 1 })}>{m("next")}</a> : null}
        </nav>
      ) : null}
    </main>
  );
}
