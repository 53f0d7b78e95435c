import type { Metadata } from "next";
import { getPublicCampaignById } from "@/lib/campaigns";
import { format, formatDateTime, getMessages } from "@/lib/i18n";
import { getSupporterStatus } from "@/lib/signatures";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false }, referrer: "no-referrer" };

export default async function StatusPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; token: string }>;
  searchParams: Promise<{ confirmed?: string }>;
}) {
  const { locale, token } = await params;
  const { confirmed } = await searchParams;
  const m = getMessages(locale);
  const s = await getSupporterStatus(token);
  if (!s) {
    return (
      <main>
        <h1>{m.status.title}</h1>
        <p className="notice error">{m.confirm.invalid}</p>
      </main>
    );
  }
  const campaign = await getPublicCampaignById(s.campaignId, locale);
  const sigText =
    s.status === "confirmed" && s.confirmedAt
      ? format(m.status.confirmed, { date: formatDateTime(locale, s.confirmedAt) })
      : s.status === "pending"
        ? m.status.pending
        : s.status === "flagged"
          ? m.status.flagged
          : m.status.invalidated;
  return (
    <main>
      <h1>{m.status.title}</h1>
      {confirmed && s.status === "confirmed" ? (
        <p className="notice ok" role="status">
          {m.confirm.done} {s.letters.some((l) => l.status === "queued" || l.status === "sending" || l.status === "sent") ? m.confirm.doneLetters : ""}
        </p>
      ) : null}
      {campaign ? (
        <p>
          <a href={`/${locale}/campaigns/${campaign.slug}`}>{campaign.title}</a>
        </p>
      ) : null}
      <h2>{m.status.signature}</h2>
      <p data-testid="signature-status">{sigText}</p>
      <h2>{m.status.letters}</h2>
      {s.letters.length === 0 ? <p>{m.status.noLetters}</p> : null}
      <ul data-testid="letters">
        {s.letters.map((l) => {
          const state = m.status.letterState[l.status as keyof typeof m.status.letterState] ?? l.status;
          return (
            <li key={l.id}>
              {format(m.status.letterTo, { name: l.representativeName, riding: locale === "fr" ? l.ridingNameFr : l.ridingNameEn })}:{" "}
              <strong>{format(state, { date: l.sentAt ? formatDateTime(locale, l.sentAt) : "" })}</strong>
            </li>
          );
        })}
      </ul>
      <h2>{m.status.updates}</h2>
      <p>{s.consentToContact && !s.unsubscribedAt ? m.status.subscribed : m.status.notSubscribed}</p>
      {s.status !== "invalidated" ? (
        <>
          <h2>{m.status.withdrawHeading}</h2>
          <p>
            <a href={`/${locale}/s/${token}/withdraw`}>{m.status.withdrawLink}</a>
          </p>
        </>
      ) : null}
    </main>
  );
}
