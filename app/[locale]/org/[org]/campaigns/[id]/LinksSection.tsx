import { getTranslations } from "next-intl/server";
import { CopyButton } from "@/components/CopyButton";
import { may } from "@/lib/organizer/access";
import type { Actor } from "@/lib/organizer/auth";
import { listCampaignLinks } from "@/lib/organizer/campaign-links";
import { paths } from "@/lib/paths";
import { createLinkAction } from "./actions";
import { NewLinkForm } from "./NewLinkForm";

/**
 * The campaign's link and its named links, each with its full address, a copy button and its QR
 * code as SVG and PNG; owners and editors add links here. Below them, the snippet partner sites
 * paste to show the sign form in their pages (every member sees it: it holds nothing private). `created`: the tag of a link just made.
 */
export async function LinksSection({ locale, actor, campaignId, created }: { locale: string; actor: Actor; campaignId: string; created: string }) {
  const links = await listCampaignLinks(actor, campaignId);
  if (!links) return null;
  const t = await getTranslations({ locale, namespace: "reach.links" });
  const e = await getTranslations({ locale, namespace: "embed.snippet" });
  const org = actor.organizationSlug;
  const just = links.links.find((l) => l.source === created);
  const qr = (label: string, src?: string) => (
    <>
      <a href={paths.org.qrCode(org, campaignId, { format: "svg", src })} download aria-label={t("qrFor", { label, format: "SVG" })}>
        {t("svg")}
      </a>{" "}
      ·{" "}
      <a href={paths.org.qrCode(org, campaignId, { format: "png", src })} download aria-label={t("qrFor", { label, format: "PNG" })}>
        {t("png")}
      </a>
    </>
  );
  return (
    <section aria-labelledby="links" id="links-section">
      <h2 id="links">{t("heading")}</h2>
      <p className="muted">{t("intro")}</p>
      {just ? (
        <p className="notice" role="status">
          {t("created", { label: just.label })}
        </p>
      ) : null}
      <h3>{t("campaignLink")}</h3>
      <p>
        <span className="share-url" data-testid="campaign-link">
          {links.url}
        </span>{" "}
        <CopyButton value={links.url} text={t("copy")} copiedText={t("copied")} label={`${t("copy")}: ${t("campaignLink")}`} />
      </p>
      <p>
        {t("campaignLinkQr", { source: links.qrSource })} {qr(t("campaignLink"))}
      </p>
      <h3>{t("named")}</h3>
      {links.links.length === 0 ? (
        <p className="muted">{t("none")}</p>
      ) : (
        <table data-testid="named-links">
          <thead>
            <tr>
              <th scope="col">{t("label")}</th>
              <th scope="col">{t("source")}</th>
              <th scope="col">{t("address")}</th>
              <th scope="col">{t("qrCode")}</th>
            </tr>
          </thead>
          <tbody>
            {links.links.map((l) => (
              <tr key={l.id}>
                <th scope="row">{l.label}</th>
                <td>{l.source}</td>
                <td>
                  <span className="share-url">{l.url}</span> <CopyButton value={l.url} text={t("copy")} copiedText={t("copied")} label={`${t("copy")}: ${l.label}`} />
                </td>
                <td>{qr(l.label, l.source)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {may(actor, "campaigns.edit") ? (
        <NewLinkForm action={createLinkAction.bind(null, { locale, org, campaign: campaignId })} />
      ) : (
        <p className="muted">{t("viewerNotice")}</p>
      )}
      <h3 id="embed-heading">{e("heading")}</h3>
      <p className="muted">{e("intro")}</p>
      <label htmlFor="embed-snippet">{e("code")}</label>
      <textarea id="embed-snippet" className="embed-snippet" readOnly rows={4} value={links.embed.html} data-testid="embed-snippet" />
      <p>
        <CopyButton value={links.embed.html} text={e("copy")} copiedText={t("copied")} />{" "}
        <a href={links.embed.frameUrl} target="_blank" rel="noopener">
          {e("preview")}
        </a>
      </p>
    </section>
  );
}
