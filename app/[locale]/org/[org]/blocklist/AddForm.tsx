"use client";

import { useActionState } from "react";
import { describedBy, Field } from "@/components/Field";
import { useTranslations } from "next-intl";
import { messageFor } from "@/lib/i18n";
import type { AddBlockState } from "./actions";

type Action = (prev: AddBlockState, formData: FormData) => Promise<AddBlockState>;

const KINDS = ["email_domain", "ip_range"] as const;

export function AddForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, { values: {}, errors: {} });
  const m = useTranslations("blocklist");
  const err = (k: string) => (state.errors[k] ? (messageFor(m, "errors", state.errors[k], "errors.generic")) : undefined);
  return (
    <form action={formAction} noValidate key={JSON.stringify(state.values)}>
      {state.formError ? (
        <p className="notice error" role="alert">
          {m("errors.generic")}
        </p>
      ) : null}
      <Field id="block-kind" label={m("kindLabel")} error={err("kind")}>
        <select id="block-kind" name="kind" defaultValue={state.values.kind || "email_domain"} aria-invalid={!!err("kind")} aria-describedby={describedBy("block-kind", undefined, err("kind"))}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {messageFor(m, "kind", k)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="block-value" label={m("valueLabel")} hint={m("valueHint")} error={err("value")}>
        <input
          id="block-value"
          name="value"
          type="text"
          autoComplete="off"
          spellCheck={false}
          defaultValue={state.values.value ?? ""}
          aria-invalid={!!err("value")}
          aria-describedby={describedBy("block-value", m("valueHint"), err("value"))}
        />
      </Field>
      <Field id="block-reason" label={m("reasonLabel")} hint={m("reasonHint")} error={err("reason")}>
        <input
          id="block-reason"
          name="reason"
          type="text"
          maxLength={300}
          defaultValue={state.values.reason ?? ""}
          aria-invalid={!!err("reason")}
          aria-describedby={describedBy("block-reason", m("reasonHint"), err("reason"))}
        />
      </Field>
      <button type="submit" disabled={pending}>
        {m("addButton")}
      </button>
    </form>
  );
}
