import type { OrganizerCampaignRow } from "@/lib/campaigns/public";
import { getTranslations } from "next-intl/server";
import { formatNumber, messageFor } from "@/lib/i18n";
import { paths } from "@/lib/paths";

/** An organization's campaigns: the title opens the dashboard; public campaigns also link to their page. */
export async function CampaignTable({ locale, orgSlug, campaigns }: { locale: string; orgSlug: string; campaigns: OrganizerCampaignRow[] }) {
  const m = await getTranslations({ locale: locale, namespace: "organizer" });
  if (campaigns.length === 0) return <p className="muted">{m("noCampaigns")}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{m("campaigns")}</th>
          <th scope="col">{m("status")}</th>
          <th scope="col">{m("confirmed")}</th>
        </tr>
      </thead>
      <tbody>
        {campaigns.map((c) => (
          <tr key={c.id}>
            <td>
              <a href={paths.org.campaign(locale, orgSlug, c.id)}>{c.title}</a>
              {c.status === "published" || c.status === "closed" ? (
                <>
                  {" · "}
                  <a className="muted" href={paths.campaign(locale, c.slug)}>
                    {m("publicPage")}
                  </a>
                </>
              ) : null}
            </td>
            <td>{messageFor(m, "campaignStatus", c.status)}</td>
            <td>{formatNumber(locale, c.confirmed)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
