"use client";

import { useActionState } from "react";
import { describedBy, Field } from "@/components/Field";
import { useTranslations } from "next-intl";
import { messageFor } from "@/lib/i18n";
import type { FormState } from "@/lib/server/forms";

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

/** A named link: its label and its tag. Works as a plain form without JavaScript. */
export function NewLinkForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, { values: {}, errors: {} });
  const m = useTranslations("reach.links");
  const err = (k: string) => (state.errors[k] ? messageFor(m, "errors", state.errors[k], "errors.generic") : undefined);
  return (
    <form action={formAction} noValidate key={JSON.stringify(state.values)}>
      {state.formError ? (
        <p className="notice error" role="alert">
          {m("errors.generic")}
        </p>
      ) : null}
      <Field id="link-label" label={m("label")} hint={m("labelHint")} error={err("label")}>
        <input
          id="link-label"
          name="label"
          type="text"
          maxLength={100}
          autoComplete="off"
          defaultValue={state.values.label ?? ""}
          aria-invalid={!!err("label")}
          aria-describedby={describedBy("link-label", m("labelHint"), err("label"))}
        />
      </Field>
      <Field id="link-source" label={m("source")} hint={m("sourceHint")} error={err("source")}>
        <input
          id="link-source"
          name="source"
          type="text"
          maxLength={40}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          defaultValue={state.values.source ?? ""}
          aria-invalid={!!err("source")}
          aria-describedby={describedBy("link-source", m("sourceHint"), err("source"))}
        />
      </Field>
      <button type="submit" disabled={pending}>
        {m("create")}
      </button>
    </form>
  );
}
