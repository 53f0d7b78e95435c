"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { describedBy, Field } from "@/components/Field";
import { errorText } from "@/lib/i18n";
import type { FormState } from "@/lib/server/forms";

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

export function RequestForm({ action, locale }: { action: Action; locale: string }) {
  const [state, formAction, pending] = useActionState(action, { values: {}, errors: {} });
  const m = useTranslations("myData");
  const common = useTranslations("common");
  const err = state.errors.email ? errorText(locale, state.errors.email) : undefined;
  return (
    <form action={formAction} noValidate>
      {err ? (
        <div className="error-summary" role="alert" tabIndex={-1}>
          <p>
            <strong>{common("errorSummary")}</strong>
          </p>
          <ul>
            <li>
              <a href="#email">{err}</a>
            </li>
          </ul>
        </div>
      ) : null}
      <Field id="email" label={m("emailLabel")} error={err}>
        <input id="email" name="email" type="email" autoComplete="email" required defaultValue={state.values.email} aria-invalid={!!err} aria-describedby={describedBy("email", undefined, err)} />
      </Field>
      <button type="submit" disabled={pending}>
        {m("submit")}
      </button>
    </form>
  );
}
