"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { describedBy, Field } from "@/components/Field";
import type { FormState } from "@/lib/server/forms";

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

function ErrorSummary({ errors }: { errors: { id: string; text: string }[] }) {
  const common = useTranslations("common");
  if (errors.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1}>
      <p>
        <strong>{common("errorSummary")}</strong>
      </p>
      <ul>
        {errors.map((e) => (
          <li key={e.id}>
            <a href={`#${e.id}`}>{e.text}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function useOfficeError() {
  const m = useTranslations("office");
  return (code: string | undefined) => {
    if (!code) return undefined;
    const key = code === "limited" ? "errors.limited" : `errors.${code}`;
    return m.has(key as never) ? m(key as never) : m("errors.delivery.invalid");
  };
}

/** How letters reach the office: each, daily or weekly, and when (Ottawa time). */
export function PreferencesForm({ action, current }: { action: Action; current: { delivery: string; hour: number; weekday: number } }) {
  const [state, formAction, pending] = useActionState(action, { values: {}, errors: {} });
  const m = useTranslations("office");
  const errorOf = useOfficeError();
  const v = { delivery: state.values.delivery ?? current.delivery, hour: state.values.hour ?? String(current.hour), weekday: state.values.weekday ?? String(current.weekday) };
  const errors = (["delivery", "hour", "weekday"] as const).flatMap((f) => (state.errors[f] ? [{ id: f === "delivery" ? "delivery-each" : f, field: f, text: errorOf(state.errors[f])! }] : []));
  const err = (f: string) => errors.find((e) => e.field === f)?.text;
  return (
    <form action={formAction} noValidate>
      <ErrorSummary errors={errors} />
      <fieldset aria-describedby={err("delivery") ? "delivery-error" : undefined}>
        <legend>{m("deliveryLegend")}</legend>
        {err("delivery") ? (
          <p className="field-error" id="delivery-error">
            {err("delivery")}
          </p>
        ) : null}
        {(["each", "daily", "weekly"] as const).map((d) => (
          <label key={d}>
            <input type="radio" id={`delivery-${d}`} name="delivery" value={d} defaultChecked={v.delivery === d} />
            {m(d === "each" ? "deliveryEach" : d === "daily" ? "deliveryDaily" : "deliveryWeekly")}
          </label>
        ))}
      </fieldset>
      <Field id="hour" label={m("hourLabel")} error={err("hour")}>
        <select id="hour" name="hour" defaultValue={v.hour} aria-invalid={!!err("hour")} aria-describedby={describedBy("hour", undefined, err("hour"))}>
          {Array.from({ length: 24 }, (_, h) => (
            <option key={h} value={h}>
              {`${String(h).padStart(2, "0")}:00`}
            </option>
          ))}
        </select>
      </Field>
      <Field id="weekday" label={m("weekdayLabel")} error={err("weekday")}>
        <select id="weekday" name="weekday" defaultValue={v.weekday} aria-invalid={!!err("weekday")} aria-describedby={describedBy("weekday", undefined, err("weekday"))}>
          {[1, 2, 3, 4, 5, 6, 7].map((d) => (
            <option key={d} value={d}>
              {m(`weekday${d}` as "weekday1")}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" disabled={pending}>
        {m("submit")}
      </button>
    </form>
  );
}

/** An office asks for a sign-in link; every address gets the same answer. */
export function OfficeSignInForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, { values: {}, errors: {} });
  const m = useTranslations("office");
  const errorOf = useOfficeError();
  const err = errorOf(state.errors.email);
  return (
    <form action={formAction} noValidate>
      <ErrorSummary errors={err ? [{ id: "email", text: err }] : []} />
      <Field id="email" label={m("emailLabel")} hint={m("emailHint")} error={err}>
        <input id="email" name="email" type="email" autoComplete="email" required defaultValue={state.values.email} aria-invalid={!!err} aria-describedby={describedBy("email", m("emailHint"), err)} />
      </Field>
      <button type="submit" disabled={pending}>
        {m("signInButton")}
      </button>
    </form>
  );
}
