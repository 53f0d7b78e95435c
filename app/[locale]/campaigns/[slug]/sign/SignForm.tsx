"use client";

import { useActionState } from "react";
import { describedBy, Field } from "@/components/Field";
import type { FormState } from "@/lib/server/forms";
import { useTranslations } from "next-intl";
import { errorText } from "@/lib/i18n";

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

/** `source`: the `?src=` tag of the link the supporter came from, posted back as a hidden field (no cookie). */
export function SignForm({ action, locale, organization, from, source }: { action: Action; locale: string; organization: string; from: string; source: string | null }) {
  const [state, formAction, pending] = useActionState(action, { values: {}, errors: {} });
  const m = useTranslations();
  const v = state.values;
  const err = (k: string) => (state.errors[k] ? errorText(locale, state.errors[k]) : undefined);
  const errorKeys = Object.keys(state.errors);
  const residency = v.residency || "resident";
  return (
    <form action={formAction} noValidate>
      {source ? <input type="hidden" name="source" value={source} /> : null}
      {errorKeys.length > 0 || state.formError ? (
        <div className="error-summary" role="alert" tabIndex={-1}>
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
        <input id="postalCode" name="postalCode" autoComplete="postal-code" autoCapitalize="characters" defaultValue={v.postalCode} aria-invalid={!!err("postalCode")} aria-describedby={describedBy("postalCode", "h", err("postalCode"))} style={{ maxWidth: "10rem" }} />
      </Field>

      <Field id="comment" label={`${m("sign.comment")} (${m("common.optional")})`} hint={m("sign.commentHint")} error={err("comment")}>
        <textarea id="comment" name="comment" defaultValue={v.comment} maxLength={1000} rows={3} aria-invalid={!!err("comment")} aria-describedby={describedBy("comment", "h", err("comment"))} />
      </Field>

      <div className="field">
        <label style={{ fontWeight: 400, display: "flex", gap: ".5rem" }}>
          <input type="checkbox" name="consent" defaultChecked={v.consent === "on"} />
          {m("sign.consent", { organization })}
        </label>
      </div>

      <div className="hp" aria-hidden="true">
        <label htmlFor="website">{m("sign.honeypot")}</label>
        <input id="website" name="website" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>

      <button type="submit" disabled={pending}>
        {m("sign.submit")}
      </button>
    </form>
  );
}
