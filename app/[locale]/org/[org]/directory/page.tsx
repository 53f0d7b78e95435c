import { ScrollRegion } from "@/components/ScrollRegion";
import type { Metadata } from "next";
import { requireActor } from "@/lib/organizer/auth";
import { queryParam } from "@/lib/server/forms";
import { getTranslations } from "next-intl/server";
import { formatDate, formatNumber, messageFor } from "@/lib/i18n";
import { getDirectoryAsOf, getDirectoryFilters, searchDirectory, VACANT_FILTER, type DirectorySearch } from "@/lib/directory/search";
import { mayImportDirectory } from "@/lib/organizer/access";
import { paths } from "@/lib/paths";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

type SearchParams = Record<string, string | string[] | undefined>;

function ridingLabel(e: { ridingNameEn: string; ridingNameFr: string }, locale: string): string {
  return locale === "fr" ? e.ridingNameFr || e.ridingNameEn : e.ridingNameEn;
}

export default async function DirectoryPage({ params, searchParams }: { params: Promise<{ locale: string; org: string }>; searchParams: Promise<SearchParams> }) {
  const { locale, org } = await params;
  const actor = await requireActor(locale, org);
  const sp = await searchParams;
  const query: Partial<Record<keyof DirectorySearch, unknown>> = { q: queryParam(sp.q), province: queryParam(sp.province), party: queryParam(sp.party), page: queryParam(sp.page) || 1 };
  const [result, asOf, filters, mayImport] = await Promise.all([searchDirectory(query), getDirectoryAsOf(), getDirectoryFilters(), mayImportDirectory(actor)]);
  const o = await getTranslations({ locale: locale, namespace: "organizer" });
  const m = await getTranslations({ locale: locale, namespace: "organizer.directory" });
  const base = paths.org.section(locale, actor.organizationSlug, "directory");
  const q = queryParam(sp.q).slice(0, 100);
  const province = filters.provinces.includes(queryParam(sp.province)) ? queryParam(sp.province) : "";
  const party = queryParam(sp.party) === VACANT_FILTER || filters.parties.includes(queryParam(sp.party)) ? queryParam(sp.party) : "";
  const pageHref = (page: number) => {
    const p = new URLSearchParams();
    if (q) p.set("q", q);
    if (province) p.set("province", province);
    if (party) p.set("party", party);
    p.set("page", String(page));
    return `${base}?${p.toString()}`;
  };
  const imported = /^(\d+)-(\d+)-(\d+)$/.exec(queryParam(sp.imported));
  const provinceName = (code: string) => messageFor(o, "provinces", code) ?? code;

  return (
    <main className="wide">
      <h1>{m("heading")}</h1>
      <p className="muted">{actor.organizationName}</p>
      {imported ? (
        <p className="notice ok" role="status">
          {m("imported", { added: imported[1], changed: imported[2], vacated: imported[3] })}
        </p>
      ) : null}
      <p>{m("intro")}</p>
      <ul className="directory-asof">
        {asOf.length === 0 ? <li>{m("asOfNone")}</li> : null}
        {asOf.map((a) => (
          <li key={a.asOf}>{m("asOf", { date: formatDate(locale, a.asOf), count: formatNumber(locale, a.count) })}</li>
        ))}
      </ul>
      {mayImport ? (
        <p>
          <a href={paths.org.section(locale, actor.organizationSlug, "directory/import")}>{m("importLink")}</a>
        </p>
      ) : null}

      <form method="get" action={base} className="directory-search" role="search">
        <div className="field">
          <label htmlFor="q">{m("searchLabel")}</label>
          <p className="hint" id="q-hint">
            {m("searchHint")}
          </p>
          <input id="q" name="q" type="search" defaultValue={q} maxLength={100} aria-describedby="q-hint" />
        </div>
        <div className="field">
          <label htmlFor="province">{m("province")}</label>
          <select id="province" name="province" defaultValue={province}>
            <option value="">{m("anyProvince")}</option>
            {filters.provinces.map((p) => (
              <option key={p} value={p}>
                {provinceName(p)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="party">{m("party")}</label>
          <select id="party" name="party" defaultValue={party}>
            <option value="">{m("anyParty")}</option>
            {filters.parties.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
            <option value={VACANT_FILTER}>{m("vacantOnly")}</option>
          </select>
        </div>
        <div className="actions">
          <button type="submit">{m("search")}</button>
          {q || province || party ? (
            <a className="button secondary" href={base}>
              {m("clear")}
            </a>
          ) : null}
        </div>
      </form>

      <h2 id="results">{m("results", { count: result.total })}</h2>
      {result.entries.length === 0 ? (
        <p>{m("noResults")}</p>
      ) : (
        <ScrollRegion labelledBy="results">
          <table aria-labelledby="results">
            <thead>
              <tr>
                <th scope="col">{m("colRiding")}</th>
                <th scope="col">{m("colProvince")}</th>
                <th scope="col">{m("colName")}</th>
                <th scope="col">{m("colParty")}</th>
                <th scope="col">{m("colEmail")}</th>
                <th scope="col">{m("colAsOf")}</th>
              </tr>
            </thead>
            <tbody>
              {result.entries.map((e) => (
                <tr key={e.fedNum}>
                  <th scope="row">
                    {ridingLabel(e, locale)} <span className="muted">({e.fedNum})</span>
                  </th>
                  <td>{provinceName(e.provinceCode)}</td>
                  {e.representative ? (
                    <>
                      <td>{e.representative.name}</td>
                      <td>{e.representative.party ?? ""}</td>
                      <td>
                        {e.representative.email ? <a href={`mailto:${e.representative.email}`}>{e.representative.email}</a> : ""}
                        {e.representative.bouncedAt ? (
                          <>
                            {" "}
                            <strong className="badge" data-testid="bounced">{m("bouncedOn", { date: formatDate(locale, e.representative.bouncedAt, "medium") })}</strong>
                          </>
                        ) : null}
                      </td>
                      <td>{formatDate(locale, e.representative.asOf, "medium")}</td>
                    </>
                  ) : (
                    <>
                      <td>
                        <strong className="badge">{m("vacant")}</strong>
                      </td>
                      <td />
                      <td />
                      <td />
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {result.pageCount > 1 ? (
        <nav aria-label={m("pagination")} className="actions">
          {result.page > 1 ? <a href={pageHref(result.page - 1)}>{m("previous")}</a> : null}
          <span>{m("pageOf", { page: result.page, count: result.pageCount })}</span>
          {result.page < result.pageCount ? <a href={pageHref(result.page + 1)}>{m("next")}</a> : null}
        </nav>
      ) : null}
    </main>
  );
}
