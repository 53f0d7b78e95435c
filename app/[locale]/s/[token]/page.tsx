import type { Metadata } from "next";
import { SharePanel } from "@/components/SharePanel";
import { getPublicCampaignById } from "@/lib/campaigns/public";
import { publicUrl } from "@/lib/server/env";
import { currentFlowId } from "@/lib/signing/flow-cookie";
import { getTranslations } from "next-intl/server";
import { formatDateTime, messageFor } from "@/lib/i18n";
import { plainText } from "@/lib/campaigns/markdown";
import { paths } from "@/lib/paths";
import { getSupporterStatus } from "@/lib/signing/status";
import { openMyDataAction, requestWriteLinkAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false }, referrer: "same-origin" };

export default async function StatusPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; token: string }>;
  searchParams: Promise<{ confirmed?: string; linkSent?: string; approved?: string; nothingHeld?: string }>;
}) {
  const { locale, token } = await params;
  const { confirmed, linkSent, approved, nothingHeld } = await searchParams;
  const m = await getTranslations({ locale: locale });
  const s = await getSupporterStatus(token, { flowId: await currentFlowId() });
  if (!s) {
    return (
      <main>
        <h1>{m("status.title")}</h1>
        <p className="notice error">{m("confirm.invalid")}</p>
      </main>
    );
  }
  const campaign = await getPublicCampaignById(s.campaignId, locale);
  const sigText =
    s.status === "confirmed" && s.confirmedAt
      ? m("status.confirmed", { date: formatDateTime(locale, s.confirmedAt) })
      : s.status === "pending"
        ? m("status.pending")
        : s.status === "flagged"
          ? m("status.flagged")
          : m("status.invalidated");
  const resident = s.residency === "resident";
  const delivered = s.letters.some((l) => ["queued", "sending", "sent"].includes(l.status));
  const canWrite = resident && s.status !== "invalidated" && campaign?.signable;
  return (
    <main>
      <h1>{m("status.title")}</h1>
      {confirmed && s.status === "confirmed" ? (
        <p className="notice ok" role="status">
          {m("confirm.done")} {delivered ? m("confirm.doneLetters") : ""}
        </p>
      ) : null}
      {nothingHeld ? (
        <p className="notice ok" role="status">
          {m("myData.nothingNamesYou")}
        </p>
      ) : null}
      {approved ? (
        <p className="notice ok" role="status">
          {approved === "queued" ? m("approve.sentNotice") : approved === "alreadySent" ? m("approve.alreadySentNotice") : m("approve.waitingNotice")}
        </p>
      ) : null}
      {campaign ? (
        <p>
          <a href={paths.campaign(locale, campaign.slug)} lang={campaign.locale}>
            {campaign.title}
          </a>
        </p>
      ) : null}
      <h2>{m("status.signature")}</h2>
      <p data-testid="signature-status">{sigText}</p>
      {resident || s.letters.length > 0 ? (
        <>
          <h2>{m("status.letters")}</h2>
          {s.letters.length === 0 ? <p>{m("status.noLetters")}</p> : null}
          <ul data-testid="letters">
            {s.letters.map((l) => {
              const state = messageFor(m, "status.letterState", l.shown, undefined, { date: l.date ? formatDateTime(locale, l.date) : "" });
              return (
                <li key={l.id}>
                  {m("status.letterTo", { name: l.representativeName, riding: locale === "fr" ? l.ridingNameFr : l.ridingNameEn })}:{" "}
                  <strong>{state}</strong>
                </li>
              );
            })}
          </ul>
          {canWrite && campaign ? (
            s.mayWriteHere ? (
              <p>
                <a className="button" href={paths.riding(locale, campaign.slug)}>
                  {m("status.writeLetter")}
                </a>
              </p>
            ) : linkSent ? (
              <p className="notice ok" role="status">
                {m("status.writeLinkSent")}
              </p>
            ) : (
              <form action={requestWriteLinkAction.bind(null, { locale, token })}>
                <button type="submit" className="secondary">
                  {m("status.writeLinkButton")}
                </button>
              </form>
            )
          ) : null}
        </>
      ) : null}
      <h2>{m("status.updates")}</h2>
      <p>{s.consentToContact && !s.unsubscribedAt ? m("status.subscribed") : m("status.notSubscribed")}</p>
      {campaign?.signable && s.status !== "invalidated" ? (
        <SharePanel locale={locale} url={`${publicUrl()}${paths.campaign(locale, campaign.slug)}`} title={plainText(campaign.title)} />
      ) : null}
      <h2>{m("status.withdrawHeading")}</h2>
      <form action={openMyDataAction.bind(null, { locale, token })}>
        <button type="submit" className="secondary">
          {m("myData.statusButton")}
        </button>
      </form>
      {s.status !== "invalidated" ? (
        <p>
          <a href={paths.withdraw(locale, token)}>{m("status.withdrawLink")}</a>
        </p>
      ) : null}
    </main>
  );
}
