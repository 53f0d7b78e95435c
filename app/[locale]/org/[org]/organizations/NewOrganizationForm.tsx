"use client";

import { useActionState } from "react";
import { describedBy, Field } from "@/components/Field";
import type { FormState } from "@/lib/server/forms";
import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/config";
import { useTranslations } from "next-intl";
import { messageFor } from "@/lib/i18n";

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

export function NewOrganizationForm({ action, locale }: { action: Action; locale: string }) {
  const [state, formAction, pending] = useActionState(action, { values: {}, errors: {} });
  const m = useTranslations("platform");
  const err = (k: string) => (state.errors[k] ? (messageFor(m, "errors", state.errors[k], "errors.generic")) : undefined);
  const v = state.values;
  return (
    <form action={formAction} noValidate key={JSON.stringify(state)}>
      {state.formError ? (
        <p className="notice error" role="alert">
          {m("errors.generic")}
        </p>
      ) : null}
      <Field id="new-org-name" label={m("nameLabel")} error={err("name")}>
        <input id="new-org-name" name="name" type="text" maxLength={200} defaultValue={v.name ?? ""} aria-invalid={!!err("name")} aria-describedby={describedBy("new-org-name", undefined, err("name"))} />
      </Field>
      <Field id="new-org-slug" label={m("slugLabel")} hint={m("slugHint")} error={err("slug")}>
        <input
          id="new-org-slug"
          name="slug"
          type="text"
          autoComplete="off"
          spellCheck={false}
          maxLength={80}
          defaultValue={v.slug ?? ""}
          aria-invalid={!!err("slug")}
          aria-describedby={describedBy("new-org-slug", m("slugHint"), err("slug"))}
        />
      </Field>
      <Field id="new-org-locale" label={m("localeLabel")} error={err("defaultLocale")}>
        <select id="new-org-locale" name="defaultLocale" defaultValue={v.defaultLocale || locale} aria-invalid={!!err("defaultLocale")}>
          {LOCALES.map((l) => (
            <option key={l} value={l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </select>
      </Field>
      <Field id="new-org-owner" label={m("ownerLabel")} hint={m("ownerHint")} error={err("ownerEmail")}>
        <input
          id="new-org-owner"
          name="ownerEmail"
          type="email"
          autoComplete="off"
          defaultValue={v.ownerEmail ?? ""}
          aria-invalid={!!err("ownerEmail")}
          aria-describedby={describedBy("new-org-owner", m("ownerHint"), err("ownerEmail"))}
        />
      </Field>
      <button type="submit" disabled={pending}>
        {m("create")}
      </button>
    </form>
  );
}
