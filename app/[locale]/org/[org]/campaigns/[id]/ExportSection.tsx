import { getTranslations } from "next-intl/server";
import { getExportSummary } from "@/lib/organizer/export-requests";
import type { Actor } from "@/lib/organizer/organizations";
import { paths } from "@/lib/paths";
import { ExportFilterFields } from "./ExportFilterFields";

/**
 * The dashboard's export card, for owners and editors. Without approval it downloads directly;
 * when the organization requires a second owner's approval (decision 0025) it leads to the
 * campaign's export page, where requests are made and decided.
 */
export async function ExportSection({ locale, actor, campaignId }: { locale: string; actor: Actor; campaignId: string }) {
  const summary = await getExportSummary(actor, campaignId);
  if (!summary) return null;
  const t = await getTranslations({ locale, namespace: "organizer.dashboard" });
  const x = await getTranslations({ locale, namespace: "exports" });
  const exportPage = paths.org.campaignExport(locale, actor.organizationSlug, campaignId);
  return (
    <section aria-labelledby="export" className="card">
      <h2 id="export" style={{ marginTop: 0 }}>
        {t("exportTitle")}
      </h2>
      <p>{t("exportIntro")}</p>
      {summary.approvalRequired ? (
        <>
          <p>
            {x("dashboardApproval")} {x("dashboardWaiting", { count: summary.waiting })}
          </p>
          <p>
            <a className="button" href={exportPage}>
              {x("dashboardLink")}
            </a>
          </p>
        </>
      ) : (
        <>
          <p>
            <a className="button" href={paths.org.export(actor.organizationSlug, campaignId, { status: "confirmed" })} download>
              {t("exportConfirmed")}
            </a>
          </p>
          <details>
            <summary>{t("exportOther")}</summary>
            <form method="get" action={paths.org.export(actor.organizationSlug, campaignId)}>
              <ExportFilterFields locale={locale} />
              <button type="submit">{t("exportButton")}</button>
            </form>
          </details>
          <p>
            <a href={exportPage}>{x("historyLink")}</a>
          </p>
        </>
      )}
    </section>
  );
}
