import { getTranslations } from "next-intl/server";
import { catalogue, messageFor } from "@/lib/i18n";

/** The signature statuses an export may hold (exportFilterSchema's values). */
export const EXPORT_FILTER_STATUSES = ["confirmed", "pending", "flagged", "invalidated", "all"] as const;

/** An export's filter: which signatures and which province. The same fields for a download and for a request. */
export async function ExportFilterFields({ locale }: { locale: string }) {
  const t = await getTranslations({ locale, namespace: "organizer.dashboard" });
  return (
    <>
      <div className="field">
        <label htmlFor="export-status">{t("exportStatus")}</label>
        <select id="export-status" name="status" defaultValue="confirmed">
          {EXPORT_FILTER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {messageFor(t, "exportStatuses", s)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="export-province">{t("exportProvince")}</label>
        <select id="export-province" name="province" defaultValue="">
          <option value="">{t("exportAnyProvince")}</option>
          {Object.entries(catalogue(locale).organizer.provinces).map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
