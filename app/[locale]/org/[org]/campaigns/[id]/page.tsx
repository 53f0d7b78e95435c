import { ScrollRegion } from "@/components/ScrollRegion";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/organizer/auth";
import { getTranslations } from "next-intl/server";
import { formatDate, formatDateTime, formatNumber, messageFor } from "@/lib/i18n";
import { DASHBOARD_LETTER_STATES, DASHBOARD_SIGNATURE_STATUSES, getCampaignDashboard, getLettersNeedingAttention } from "@/lib/organizer/dashboard";
import { getRidingMap } from "@/lib/organizer/riding-map";
import { ridingName } from "@/lib/directory/representatives";
import { DayChart } from "./DayChart";
import { LettersAttention } from "./LettersAttention";
import { RidingMap } from "./RidingMap";
import { TrendingNotice } from "./TrendingNotice";
import { ExportSection } from "./ExportSection";
import { LinksSection } from "./LinksSection";
import { queryParam } from "@/lib/server/forms";
import { may } from "@/lib/organizer/access";
import { getRetentionStatus } from "@/lib/privacy/retention";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 100) : 0;
}

export default async function CampaignDashboardPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; org: string; id: string }>;
  searchParams: Promise<{ link?: string | string[] }>;
}) {
  const { locale, org, id } = await params;
  const createdLink = queryParam((await searchParams).link, 40);
  const actor = await requireActor(locale, org);
  const d = await getCampaignDashboard(actor, id, locale);
  if (!d) notFound();
  const attention = await getLettersNeedingAttention(actor, d.campaign.id);
  if (!attention) notFound();
  const retention = await getRetentionStatus(actor.organizationId, d.campaign.id);
  const r = await getTranslations({ locale: locale, namespace: "retention" });
  const m = await getTranslations({ locale: locale, namespace: "organizer" });
  const t = await getTranslations({ locale: locale, namespace: "organizer.dashboard" });
  const s = await getTranslations({ locale: locale, namespace: "reach.bySource" });
  const n = (x: number) => formatNumber(locale, x);
  const provinceName = (code: string | null) => (code ? (messageFor(m, "provinces", code) ?? code) : t("unknownProvince"));
  const funnel = [
    { label: t("funnelSigned"), value: d.funnel.signed },
    { label: t("funnelConfirmed"), value: d.funnel.confirmed },
    { label: t("funnelLetterSent"), value: d.funnel.letterSent },
  ];
  return (
    <main className="wide">
      <h1>{t("title", { title: d.campaign.title })}</h1>
      <p className="muted">
        {messageFor(m, "campaignStatus", d.campaign.status)} · {t("asOf", { time: formatDateTime(locale, d.computedAt) })}
      </p>
      {may(actor, "personalData.read") ? null : <p className="notice">{t("viewerNotice")}</p>}
      <TrendingNotice locale={locale} actor={actor} campaignId={d.campaign.id} />
      {retention ? (
        <p data-testid="retention" className={retention.dueAt && !retention.anonymisedAt ? "notice" : "muted"}>
          {retention.anonymisedAt
            ? r("dashboardDone", { date: formatDate(locale, retention.anonymisedAt) })
            : retention.dueAt
              ? r("dashboardDue", { date: formatDate(locale, retention.dueAt) })
              : r("dashboardKept", { months: retention.months })}
          {retention.deliverThenDelete ? ` ${r("dashboardDeliverThenDelete")}` : ""}
        </p>
      ) : null}

      <section aria-labelledby="totals">
        <h2 id="totals">{t("totals")}</h2>
        <table>
          <tbody>
            {DASHBOARD_SIGNATURE_STATUSES.map((s) => (
              <tr key={s}>
                <th scope="row">{messageFor(t, "signatureStatus", s)}</th>
                <td>{n(d.byStatus[s])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="funnel">
        <h2 id="funnel">{t("funnel")}</h2>
        <table>
          <tbody>
            {funnel.map((f) => (
              <tr key={f.label}>
                <th scope="row">{f.label}</th>
                <td>{n(f.value)}</td>
                <td style={{ width: "45%" }}>
                  <div aria-hidden="true" style={{ background: "#1f6f43", height: 12, borderRadius: 3, width: `${percent(f.value, d.funnel.signed)}%` }} />
                  <span className="muted">{t("funnelShare", { percent: percent(f.value, d.funnel.signed) })}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="per-day">
        <h2 id="per-day">{t("perDay")}</h2>
        <p className="muted">{t("perDayHint")}</p>
        <DayChart locale={locale} days={d.perDay} label={t("perDay")} legend={{ confirmed: t("dayConfirmed"), pending: t("dayPending") }} />
        <details>
          <summary>{t("perDayTable")}</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("day")}</th>
                <th scope="col">{t("dayConfirmed")}</th>
                <th scope="col">{t("dayPending")}</th>
              </tr>
            </thead>
            <tbody>
              {d.perDay
                .filter((x) => x.confirmed + x.pending > 0)
                .reverse()
                .map((x) => (
                  <tr key={x.day}>
                    <td>{formatDate(locale, x.day, "medium")}</td>
                    <td>{n(x.confirmed)}</td>
                    <td>{n(x.pending)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </details>
      </section>

      <section aria-labelledby="by-province">
        <h2 id="by-province">{t("byProvince")}</h2>
        {d.byProvince.length === 0 ? (
          <p className="muted">{t("nothingYet")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("province")}</th>
                <th scope="col">{t("count")}</th>
              </tr>
            </thead>
            <tbody>
              {d.byProvince.map((p) => (
                <tr key={p.provinceCode ?? "none"}>
                  <td>{provinceName(p.provinceCode)}</td>
                  <td>{n(p.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="by-riding">
        <h2 id="by-riding">{t("byRiding")}</h2>
        <p className="muted">{t("mapHint")}</p>
        <RidingMap
          locale={locale}
          shapes={getRidingMap()}
          counts={new Map(d.byRiding.flatMap((r) => (r.fedNum ? [[r.fedNum, r.count] as const] : [])))}
          label={t("map")}
          none={t("mapNone")}
        />
        {d.byRiding.length === 0 ? (
          <p className="muted">{t("nothingYet")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("riding")}</th>
                <th scope="col">{t("province")}</th>
                <th scope="col">{t("mp")}</th>
                <th scope="col">{t("count")}</th>
              </tr>
            </thead>
            <tbody>
              {d.byRiding.map((r) => (
                <tr key={r.fedNum ?? "none"}>
                  <td>{r.fedNum && r.nameEn ? ridingName({ nameEn: r.nameEn, nameFr: r.nameFr ?? "" }, locale) : t("noRiding")}</td>
                  <td>{r.fedNum ? provinceName(r.provinceCode) : ""}</td>
                  <td>{r.fedNum ? (r.mpName ?? t("vacant")) : ""}</td>
                  <td>{n(r.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="letters">
        <h2 id="letters">{t("letters")}</h2>
        <p className="muted">{t("lettersHint")}</p>
        {d.lettersByMp.length === 0 ? (
          <p className="muted">{t("nothingYet")}</p>
        ) : (
          <ScrollRegion labelledBy="letters">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("mp")}</th>
                  <th scope="col">{t("riding")}</th>
                  {DASHBOARD_LETTER_STATES.map((s) => (
                    <th scope="col" key={s}>
                      {messageFor(t, "letterState", s)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {d.lettersByMp.map((r) => (
                  <tr key={r.representativeId}>
                    <td>{r.mpName}</td>
                    <td>{r.ridingNameEn ? ridingName({ nameEn: r.ridingNameEn, nameFr: r.ridingNameFr ?? "" }, locale) : ""}</td>
                    {DASHBOARD_LETTER_STATES.map((s) => (
                      <td key={s}>{n(r.counts[s])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>

      <section aria-labelledby="by-source">
        <h2 id="by-source">{s("heading")}</h2>
        <p className="muted">{s("hint")}</p>
        {d.bySource.length === 0 ? (
          <p className="muted">{s("nothingYet")}</p>
        ) : (
          <table data-testid="by-source">
            <thead>
              <tr>
                <th scope="col">{s("source")}</th>
                <th scope="col">{s("confirmed")}</th>
                <th scope="col">{s("lettersQueued")}</th>
                <th scope="col">{s("lettersSent")}</th>
              </tr>
            </thead>
            <tbody>
              {d.bySource.map((x) => (
                <tr key={x.source ?? "none"}>
                  <th scope="row">{x.source ?? s("direct")}</th>
                  <td>{n(x.confirmed)}</td>
                  <td>{n(x.lettersQueued)}</td>
                  <td>{n(x.lettersSent)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <LinksSection locale={locale} actor={actor} campaignId={d.campaign.id} created={createdLink} />

      <LettersAttention locale={locale} data={attention} showSupporter={may(actor, "personalData.read")} />

      {may(actor, "personalData.read") ? <ExportSection locale={locale} actor={actor} campaignId={d.campaign.id} /> : null}
    </main>
  );
}
