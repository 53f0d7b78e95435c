"use client";

import { useActionState } from "react";
import { describedBy, Field } from "@/components/Field";
import type { FormState } from "@/lib/server/forms";
import { useTranslations } from "next-intl";
import { errorText } from "@/lib/i18n";

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

export function CodeForm({ action, locale }: { action: Action; locale: string }) {
  const [state, formAction, pending] = useActionState(action, { values: {}, errors: {} });
  const m = useTranslations();
  const error = state.errors.code ?? state.formError;
  const msg = error ? (error === "code.invalid" && state.values.code?.replace(/\D/g, "").length === 6 ? m("confirm.codeInvalid") : errorText(locale, error)) : undefined;
  return (
    <form action={formAction} noValidate>
      <Field id="code" label={m("checkEmail.codeLabel")} error={msg}>
        <input id="code" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]*" maxLength={9} defaultValue={state.values.code} style={{ maxWidth: "10rem" }} aria-invalid={!!msg} aria-describedby={describedBy("code", undefined, msg)} />
      </Field>
      <button type="submit" disabled={pending}>
        {m("checkEmail.codeSubmit")}
      </button>
    </form>
  );
}
