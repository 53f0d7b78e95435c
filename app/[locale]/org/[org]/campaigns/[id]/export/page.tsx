import { ScrollRegion } from "@/components/ScrollRegion";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { rolesThatMay } from "@/lib/organizer/access";
import { requireActor } from "@/lib/organizer/auth";
import { EXPORT_DOWNLOAD_HOURS, EXPORT_REQUEST_DAYS, getExportPanel, type ExportRequestRow } from "@/lib/organizer/export-requests";
import { formatDateTime, messageFor } from "@/lib/i18n";
import { paths } from "@/lib/paths";
import { queryParam } from "@/lib/server/forms";
import { ExportFilterFields } from "../ExportFilterFields";
import { approveExportAction, refuseExportAction, requestExportAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

const DONE = ["requested", "approved", "refused"] as const;
const ERRORS = ["own_request", "not_pending", "not_found", "not_required", "generic"] as const;

/**
 * A campaign's exports (owners and editors): download directly, or, when the organization requires
 * a second owner's approval (decision 0025), request an export, approve or refuse another member's
 * request, and download an approved one once. Every export is listed with its identifier, the one
 * its file's first line carries.
 */
export default async function CampaignExportPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; org: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { locale, org, id } = await params;
  const query = await searchParams;
  const actor = await requireActor(locale, org, rolesThatMay("signatures.export"));
  const panel = await getExportPanel(actor, id, locale);
  if (!panel) notFound();
  const t = await getTranslations({ locale, namespace: "exports" });
  const d = await getTranslations({ locale, namespace: "organizer.dashboard" });
  const o = await getTranslations({ locale, namespace: "organizer" });
  const orgSlug = actor.organizationSlug;
  const scope = { locale, org: orgSlug, campaign: panel.campaign.id };
  const done = (DONE as readonly string[]).includes(queryParam(query.done, 20)) ? (queryParam(query.done, 20) as (typeof DONE)[number]) : null;
  const error = (ERRORS as readonly string[]).includes(queryParam(query.error, 20)) ? (queryParam(query.error, 20) as (typeof ERRORS)[number]) : null;
  const time = (at: Date | null) => (at ? formatDateTime(locale, at) : "");
  const who = (email: string | null) => email ?? t("removedAccount");
  const filterText = (f: ExportRequestRow["filter"]) =>
    f ? t("filter", { status: messageFor(d, "exportStatuses", f.status), province: f.province ? messageFor(o, "provinces", f.province) : t("anyProvince") }) : "";
  const stateText = (r: ExportRequestRow) => {
    switch (r.status) {
      case "requested":
        return t("state.requested", { time: time(r.expiresAt) });
      case "approved":
        return t("state.approved", { email: who(r.decidedBy), time: time(r.expiresAt) });
      case "refused":
        return t("state.refused", { email: who(r.decidedBy) });
      case "downloaded":
        return t("state.downloaded", { time: time(r.downloadedAt) });
      default:
        return t("state.expired");
    }
  };
  const hidden = (requestId: string) => <input type="hidden" name="requestId" value={requestId} />;

  return (
    <main className="wide">
      <h1>{t("title", { title: panel.campaign.title })}</h1>
      <p>
        <a href={paths.org.campaign(locale, orgSlug, panel.campaign.id)}>{t("backToDashboard")}</a>
      </p>
      {done ? (
        <p className="notice ok" role="status">
          {t(`done.${done}`)}
        </p>
      ) : null}
      {error ? (
        <p className="notice error" role="alert">
          {t(`errors.${error}`)}
        </p>
      ) : null}
      <p>{d("exportIntro")}</p>
      <p>{t("intro")}</p>

      {panel.approvalRequired ? (
        <>
          <p className="notice">{t("approvalIntro", { hours: EXPORT_DOWNLOAD_HOURS, days: EXPORT_REQUEST_DAYS })}</p>
          {panel.otherOwners === 0 ? <p className="notice error">{t("noOtherOwner")}</p> : null}
          <section aria-labelledby="request" className="card">
            <h2 id="request" style={{ marginTop: 0 }}>
              {t("requestHeading")}
            </h2>
            <form action={requestExportAction.bind(null, scope)}>
              <ExportFilterFields locale={locale} />
              <button type="submit">{t("requestButton")}</button>
            </form>
          </section>
        </>
      ) : (
        <section aria-labelledby="download" className="card">
          <h2 id="download" style={{ marginTop: 0 }}>
            {d("exportTitle")}
          </h2>
          <p>
            <a className="button" href={paths.org.export(orgSlug, panel.campaign.id, { status: "confirmed" })} download>
              {d("exportConfirmed")}
            </a>
          </p>
          <form method="get" action={paths.org.export(orgSlug, panel.campaign.id)}>
            <ExportFilterFields locale={locale} />
            <button type="submit">{d("exportButton")}</button>
          </form>
        </section>
      )}

      <section aria-labelledby="requests">
        <h2 id="requests">{t("requestsHeading")}</h2>
        {panel.requests.length === 0 ? (
          <p className="muted">{t("noRequests")}</p>
        ) : (
          <ScrollRegion labelledBy="requests">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("columns.id")}</th>
                  <th scope="col">{t("columns.signatures")}</th>
                  <th scope="col">{t("columns.requested")}</th>
                  <th scope="col">{t("columns.status")}</th>
                  <th scope="col">{t("columns.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {panel.requests.map((r) => (
                  <tr key={r.id} data-export-id={r.id}>
                    <td>
                      <code>{r.id}</code>
                    </td>
                    <td>{filterText(r.filter)}</td>
                    <td>{t("requestedBy", { email: who(r.requestedBy), time: time(r.requestedAt) })}</td>
                    <td>{stateText(r)}</td>
                    <td>
                      {r.mayDecide ? (
                        <div className="row-actions">
                          <form action={approveExportAction.bind(null, scope)}>
                            {hidden(r.id)}
                            <button type="submit" aria-label={t("approveLabel", { email: who(r.requestedBy), time: time(r.requestedAt) })}>
                              {t("approve")}
                            </button>
                          </form>
                          <form action={refuseExportAction.bind(null, scope)}>
                            {hidden(r.id)}
                            <button type="submit" className="secondary" aria-label={t("refuseLabel", { email: who(r.requestedBy), time: time(r.requestedAt) })}>
                              {t("refuse")}
                            </button>
                          </form>
                        </div>
                      ) : r.mayDownload ? (
                        <a className="button" href={paths.org.exportDownload(orgSlug, r.id)} download aria-label={t("downloadLabel", { time: time(r.expiresAt) })}>
                          {t("download")}
                        </a>
                      ) : r.mine && r.status === "requested" ? (
                        <span className="muted">{t("waitingForOther")}</span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>
    </main>
  );
}
