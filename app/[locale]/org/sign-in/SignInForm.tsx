"use client";

import { useActionState } from "react";
import { describedBy, Field } from "@/components/Field";
import type { FormState } from "@/lib/server/forms";
import { useTranslations } from "next-intl";
import { errorText } from "@/lib/i18n";

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

export function SignInForm({ action, locale }: { action: Action; locale: string }) {
  const [state, formAction, pending] = useActionState(action, { values: {}, errors: {} });
  const m = useTranslations("organizer");
  const err = state.errors.email ? errorText(locale, state.errors.email) : undefined;
  return (
    <form action={formAction} noValidate>
      {state.formError ? (
        <p className="notice error" role="alert">
          {m("sendFailed")}
        </p>
      ) : null}
      <Field id="email" label={m("email")} error={err}>
        <input id="email" name="email" type="email" autoComplete="email" defaultValue={state.values.email} aria-invalid={!!err} aria-describedby={describedBy("email", undefined, err)} />
      </Field>
      <button type="submit" disabled={pending}>
        {m("sendLink")}
      </button>
    </form>
  );
}
