import type { ReactNode } from "react";
import { describedBy, Field } from "@/components/Field";
import { assetHref } from "@/components/site-assets";
import { plainText } from "@/lib/campaigns/markdown";
import type { PublicCampaign } from "@/lib/campaigns/public";
import { errorText, formatNumber, translator } from "@/lib/i18n";
import { paths } from "@/lib/paths";

/** What the framed page shows: the form (with what was typed and its errors), or "check your email". */
export type EmbedState =
  | { kind: "form"; source: string; values: Record<string, string>; errors: Record<string, string>; formError?: string }
  | { kind: "sent"; source: string };

/**
 * The sign form as another site frames it (docs/decisions/0031-embeddable-sign-form.md): one static
 * HTML document like the campaign page (no React in the browser, no inline script, no style
 * attribute), without the site's header and footer. It posts to its own address and sets no
 * cookie: a browser that blocks third-party cookies signs the same way. Its one script,
 * /embed-frame.js, tells the partner's page its height.
 */
export function EmbedDocument({ c, locale, count, from, state }: { c: PublicCampaign; locale: string; count: number; from: string; state: EmbedState }) {
  const m = translator(locale);
  return (
    <EmbedFrame locale={locale} title={`${plainText(c.title)} · ${m("meta.siteName")}`}>
      <h1 lang={c.locale}>{c.title}</h1>
      <p className="muted">{m("campaign.by", { organization: c.organization.name })}</p>
      <p className="count" data-testid="signature-count">
        {m("campaign.progress", { count: formatNumber(locale, count), goal: formatNumber(locale, c.goal) })}
      </p>
      {!c.signable ? (
        <p className="notice">{m("campaign.closed")}</p>
      ) : state.kind === "sent" ? (
        <section aria-labelledby="sent-heading">
          <h2 id="sent-heading">{m("checkEmail.title")}</h2>
          <p role="status">{m("embed.sentBody")}</p>
          <p className="muted">{m("checkEmail.spam", { from })}</p>
          <p>
            <a href={paths.embed(locale, c.slug, { src: state.source })}>{m("embed.signAgain")}</a>
          </p>
        </section>
      ) : (
        <EmbedSignForm c={c} locale={locale} from={from} state={state} />
      )}
      <p className="muted">
        <a href={paths.campaign(locale, c.slug, { src: state.source })} target="_blank" rel="noopener">
          {m("embed.readCampaign")}
        </a>{" "}
        ·{" "}
        <a href={paths.privacy(locale)} target="_blank" rel="noopener">
          {m("embed.privacy")}
        </a>
      </p>
    </EmbedFrame>
  );
}

/** The sign page's form (sign/SignForm.tsx) as plain HTML: the same fields, names, labels and errors. */
function EmbedSignForm({ c, locale, from, state }: { c: PublicCampaign; locale: string; from: string; state: Extract<EmbedState, { kind: "form" }> }) {
  const m = translator(locale);
  const v = state.values;
  const err = (k: string) => (state.errors[k] ? errorText(locale, state.errors[k]) : undefined);
  const errorKeys = Object.keys(state.errors);
  const residency = v.residency || "resident";
  return (
    <form method="post" action={paths.embed(locale, c.slug)} noValidate>
      <p className="muted">{m("sign.intro")}</p>
      <input type="hidden" name="source" value={state.source} />
      {errorKeys.length > 0 || state.formError ? (
        <div className="error-summary" role="alert">
          <p>
            <strong>{m("common.errorSummary")}</strong>
          </p>
          <ul>
            {state.formError ? <li>{errorText(locale, state.formError)}</li> : null}
            {errorKeys.map((k) => (
              <li key={k}>
                <a href={`#${k}`}>{err(k)}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Field id="name" label={m("sign.name")} error={err("name")}>
        <input id="name" name="name" autoComplete="name" defaultValue={v.name} required aria-invalid={!!err("name")} aria-describedby={describedBy("name", undefined, err("name"))} />
      </Field>
      <Field id="email" label={m("sign.email")} hint={m("sign.emailHint", { from })} error={err("email")}>
        <input id="email" name="email" type="email" autoComplete="email" inputMode="email" defaultValue={v.email} required aria-invalid={!!err("email")} aria-describedby={describedBy("email", "h", err("email"))} />
      </Field>
      <fieldset aria-describedby={err("residency") ? "residency-error" : undefined}>
        <legend>{m("sign.residency")}</legend>
        {err("residency") ? (
          <p className="field-error" id="residency-error">
            {err("residency")}
          </p>
        ) : null}
        {(
          [
            ["resident", m("sign.residencyResident")],
            ["citizen_abroad", m("sign.residencyCitizenAbroad")],
            ["ally_abroad", m("sign.residencyAlly")],
          ] as const
        ).map(([value, label]) => (
          <label key={value}>
            <input type="radio" name="residency" value={value} defaultChecked={residency === value} id={value === "resident" ? "residency" : undefined} />
            {label}
          </label>
        ))}
      </fieldset>
      <Field id="postalCode" label={m("sign.postalCode")} hint={m("sign.postalCodeHint")} error={err("postalCode")}>
        <input id="postalCode" name="postalCode" className="postal-input" autoComplete="postal-code" autoCapitalize="characters" defaultValue={v.postalCode} aria-invalid={!!err("postalCode")} aria-describedby={describedBy("postalCode", "h", err("postalCode"))} />
      </Field>
      <Field id="comment" label={`${m("sign.comment")} (${m("common.optional")})`} hint={m("sign.commentHint")} error={err("comment")}>
        <textarea id="comment" name="comment" defaultValue={v.comment} maxLength={1000} rows={3} aria-invalid={!!err("comment")} aria-describedby={describedBy("comment", "h", err("comment"))} />
      </Field>
      <div className="field">
        <label className="consent">
          <input type="checkbox" name="consent" defaultChecked={v.consent === "on"} />
          {m("sign.consent", { organization: c.organization.name })}
        </label>
      </div>
      <div className="hp" aria-hidden="true">
        <label htmlFor="website">{m("sign.honeypot")}</label>
        <input id="website" name="website" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>
      <button type="submit">{m("sign.submit")}</button>
    </form>
  );
}

/** The framed page's document: no site header or footer (the partner's page is the frame), our stylesheet and the height script. */
export function EmbedFrame({ locale, title, children }: { locale: string; title: string; children: ReactNode }) {
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{title}</title>
        <link rel="icon" href="/icon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href={assetHref("site.css")} />
        <script src={assetHref("embed-frame.js")} defer />
      </head>
      <body className="embed">
        <main>{children}</main>
      </body>
    </html>
  );
}

/** An embed address that names no public campaign. */
export function EmbedNotFound({ locale }: { locale: string }) {
  const m = translator(locale);
  return (
    <EmbedFrame locale={locale} title={`${m("common.notFoundTitle")} · ${m("meta.siteName")}`}>
      <h1>{m("common.notFoundTitle")}</h1>
      <p>{m("common.notFoundBody")}</p>
    </EmbedFrame>
  );
}
