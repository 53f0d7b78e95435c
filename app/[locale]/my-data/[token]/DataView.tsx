"use client";

import { useActionState, useEffect, useRef } from "react";
import { useTranslations } from "next-intl";
import { formatDateTime, isLocale, LOCALE_NAMES, messageFor } from "@/lib/i18n";
import type { HeldSignature, SupporterData } from "@/lib/privacy/supporter-data";
import type { DataViewState } from "./actions";

type Action = (prev: DataViewState, formData: FormData) => Promise<DataViewState>;

/**
 * The button, then everything held (the button's answer). Works without JavaScript: the form
 * posts and the page comes back with the data in it.
 */
export function DataView(props: { action: Action; locale: string; token: string; until: string; downloadUrl: string; eraseUrl: string; askAgainUrl: string }) {
  const [state, formAction, pending] = useActionState(props.action, {});
  const m = useTranslations("myData");
  if (state.data) return <HeldData data={state.data} {...props} />;
  return (
    <>
      {state.error ? (
        <p className="notice error" role="alert">
          {m("invalid")} <a href={props.askAgainUrl}>{m("askAgain")}</a>
        </p>
      ) : null}
      <form action={formAction}>
        <p>{m("accessBody", { time: props.until })}</p>
        <button type="submit" disabled={pending}>
          {m("show")}
        </button>
      </form>
    </>
  );
}

function HeldData({ data, locale, token, downloadUrl, eraseUrl }: { data: SupporterData; locale: string; token: string; downloadUrl: string; eraseUrl: string }) {
  const m = useTranslations("myData");
  const heading = useRef<HTMLHeadingElement>(null);
  // The answer replaced the button: take keyboard and screen-reader users to it.
  useEffect(() => heading.current?.focus(), []);
  const when = (iso: string) => formatDateTime(locale, new Date(iso));
  return (
    <>
      <h2 ref={heading} tabIndex={-1}>
        {m("summary")}
      </h2>
      <dl>
        <dt>{m("email")}</dt>
        <dd data-testid="held-email">{data.email}</dd>
        <dt>{m("firstSigned")}</dt>
        <dd>{when(data.firstSignedAt)}</dd>
      </dl>
      <p className="muted">{m("validUntil", { time: when(data.accessExpiresAt) })}</p>

      <h2>{m("signaturesHeading", { count: data.signatures.length })}</h2>
      {data.signatures.length === 0 ? <p>{m("noSignatures")}</p> : null}
      {data.signatures.map((s, i) => (
        <Signature key={`${s.campaignSlug}-${i}`} s={s} locale={locale} />
      ))}

      <h2>{m("downloadHeading")}</h2>
      <form method="post" action={downloadUrl}>
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="locale" value={locale} />
        <p className="muted">{m("downloadHint")}</p>
        <button type="submit" className="secondary">
          {m("download")}
        </button>
      </form>

      <h2>{m("eraseHeading")}</h2>
      <p>
        <a className="button secondary" href={eraseUrl}>
          {m("eraseLink")}
        </a>
      </p>
    </>
  );
}

function Signature({ s, locale }: { s: HeldSignature; locale: string }) {
  const m = useTranslations("myData");
  const t = useTranslations();
  const when = (iso: string) => formatDateTime(locale, new Date(iso));
  const orNone = (v: string | null) => v || m("none");
  const province = s.province ? messageFor(t, "organizer.provinces", s.province) : null;
  return (
    <section className="card" data-testid="held-signature">
      <h3>{s.campaignTitle}</h3>
      <dl>
        <dt>{m("organization")}</dt>
        <dd>{s.organization}</dd>
        <dt>{m("status")}</dt>
        <dd>{m(`signatureStatus.${s.status}`)}</dd>
        <dt>{m("signedAt")}</dt>
        <dd>{when(s.signedAt)}</dd>
        {s.confirmedAt ? (
          <>
            <dt>{m("confirmedAt")}</dt>
            <dd>{when(s.confirmedAt)}</dd>
          </>
        ) : null}
        {s.invalidatedAt ? (
          <>
            <dt>{m("removedAt")}</dt>
            <dd>{when(s.invalidatedAt)}</dd>
          </>
        ) : null}
        <dt>{m("name")}</dt>
        <dd>{s.name || m("erased")}</dd>
        <dt>{m("email")}</dt>
        <dd>{orNone(s.email)}</dd>
        <dt>{m("postalCode")}</dt>
        <dd>{orNone(s.postalCode)}</dd>
        <dt>{m("riding")}</dt>
        <dd>{orNone(s.riding)}</dd>
        <dt>{m("province")}</dt>
        <dd>{orNone(province)}</dd>
        <dt>{m("residency")}</dt>
        <dd>{m(`residencyValue.${s.residency}`)}</dd>
        <dt>{m("comment")}</dt>
        <dd>{orNone(s.comment)}</dd>
        <dt>{m("language")}</dt>
        <dd lang={s.language}>{isLocale(s.language) ? LOCALE_NAMES[s.language] : s.language}</dd>
        <dt>{t("reach.heldSource")}</dt>
        <dd>{orNone(s.source)}</dd>
        <dt>{m("consent")}</dt>
        <dd>{s.consentToContact && s.consentAt ? m("consentGiven", { date: when(s.consentAt), version: s.consentWordingVersion ?? "" }) : m("consentNotGiven")}</dd>
        <dt>{m("unsubscribed")}</dt>
        <dd>{s.unsubscribedAt ? m("unsubscribedOn", { date: when(s.unsubscribedAt) }) : m("notUnsubscribed")}</dd>
      </dl>
      <h4>{m("letters")}</h4>
      {s.letters.length === 0 ? <p>{m("noLetters")}</p> : null}
      {s.letters.map((l, i) => (
        <section key={i} data-testid="held-letter">
          <h5>{m("letterTo", { name: l.representative })}</h5>
          <dl>
            <dt>{m("letterRiding")}</dt>
            <dd>{orNone(l.riding)}</dd>
            <dt>{m("letterStatus")}</dt>
            <dd>{m(`letterStatusValue.${l.status}`)}</dd>
            <dt>{m("letterWritten")}</dt>
            <dd>{when(l.createdAt)}</dd>
            {l.sentAt ? (
              <>
                <dt>{m("letterSent")}</dt>
                <dd>{when(l.sentAt)}</dd>
              </>
            ) : null}
            <dt>{m("letterSubject")}</dt>
            <dd>{l.subject || m("letterTextErased")}</dd>
          </dl>
          {l.body ? (
            <>
              <p>
                <strong>{m("letterBody")}</strong>
              </p>
              <div className="email-preview">{l.body}</div>
            </>
          ) : (
            <p>{m("letterTextErased")}</p>
          )}
        </section>
      ))}
      {s.updates.length > 0 ? (
        <>
          <h4>{m("updates")}</h4>
          <ul data-testid="held-updates">
            {s.updates.map((u, i) => (
              <li key={i}>
                {m("updateLine", { subject: u.subject, status: u.status === "sent" && u.sentAt ? m("updateSentOn", { date: when(u.sentAt) }) : m(`updateStatusValue.${u.status}`) })}
                {u.unsubscribedAt ? <> {m("updateUnsubscribed", { date: when(u.unsubscribedAt) })}</> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {s.signingSessions.length > 0 ? (
        <>
          <h4>{m("sessions")}</h4>
          <ul>
            {s.signingSessions.map((f, i) => (
              <li key={i}>{m("sessionLine", { date: when(f.createdAt), name: f.name, email: f.email, postal: f.postalCode ?? m("none") })}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
