"use client";

import { useActionState } from "react";
import { describedBy, Field } from "@/components/Field";
import type { FormState } from "@/lib/server/forms";
import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/config";
import { useTranslations } from "next-intl";
import { messageFor } from "@/lib/i18n";
import type { OrganizationProfile } from "@/lib/organizer/settings";

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

export function SettingsForm({ action, profile }: { action: Action; profile: OrganizationProfile }) {
  const initial: FormState = {
    values: { name: profile.name, contactEmail: profile.contactEmail ?? "", mailingAddress: profile.mailingAddress ?? "", embedSites: profile.embedSites.join("\n"), defaultLocale: profile.defaultLocale, removeLogo: "" },
    errors: {},
  };
  const [state, formAction, pending] = useActionState(action, initial);
  const m = useTranslations("settings");
  const err = (k: string) => (state.errors[k] ? (messageFor(m, "errors", state.errors[k], "errors.generic")) : undefined);
  const v = state.values;
  return (
    <form action={formAction} noValidate key={JSON.stringify(state)}>
      {state.formError ? (
        <p className="notice error" role="alert">
          {m("errors.generic")}
        </p>
      ) : null}
      <Field id="org-name" label={m("nameLabel")} hint={m("nameHint")} error={err("name")}>
        <input id="org-name" name="name" type="text" maxLength={200} required defaultValue={v.name} aria-invalid={!!err("name")} aria-describedby={describedBy("org-name", m("nameHint"), err("name"))} />
      </Field>
      <Field id="org-contact" label={m("contactLabel")} hint={m("contactHint")} error={err("contactEmail")}>
        <input
          id="org-contact"
          name="contactEmail"
          type="email"
          autoComplete="email"
          defaultValue={v.contactEmail}
          aria-invalid={!!err("contactEmail")}
          aria-describedby={describedBy("org-contact", m("contactHint"), err("contactEmail"))}
        />
      </Field>
      <Field id="org-address" label={m("mailingAddressLabel")} hint={m("mailingAddressHint")} error={err("mailingAddress")}>
        <textarea
          id="org-address"
          name="mailingAddress"
          rows={3}
          maxLength={400}
          autoComplete="street-address"
          defaultValue={v.mailingAddress}
          aria-invalid={!!err("mailingAddress")}
          aria-describedby={describedBy("org-address", m("mailingAddressHint"), err("mailingAddress"))}
        />
      </Field>
      <Field id="org-embed-sites" label={m("embedSitesLabel")} hint={m("embedSitesHint")} error={err("embedSites")}>
        <textarea
          id="org-embed-sites"
          name="embedSites"
          rows={3}
          autoCapitalize="none"
          spellCheck={false}
          defaultValue={v.embedSites}
          aria-invalid={!!err("embedSites")}
          aria-describedby={describedBy("org-embed-sites", m("embedSitesHint"), err("embedSites"))}
        />
      </Field>
      <Field id="org-locale" label={m("localeLabel")} hint={m("localeHint")} error={err("defaultLocale")}>
        <select id="org-locale" name="defaultLocale" defaultValue={v.defaultLocale} aria-invalid={!!err("defaultLocale")} aria-describedby={describedBy("org-locale", m("localeHint"), err("defaultLocale"))}>
          {LOCALES.map((l) => (
            <option key={l} value={l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </select>
      </Field>
      <Field id="org-logo" label={m("logoLabel")} hint={m("logoHint")} error={err("logo")}>
        <input id="org-logo" name="logo" type="file" accept="image/png,image/jpeg,image/webp" aria-invalid={!!err("logo")} aria-describedby={describedBy("org-logo", m("logoHint"), err("logo"))} />
      </Field>
      {profile.logoPath ? (
        <div className="field">
          <p className="hint">{m("currentLogo")}</p>
          <img src={profile.logoPath} alt="" height={48} />
          <p>
            <label>
              <input type="checkbox" name="removeLogo" defaultChecked={v.removeLogo === "on"} /> {m("removeLogo")}
            </label>
          </p>
        </div>
      ) : null}
      <button type="submit" disabled={pending}>
        {m("save")}
      </button>
    </form>
  );
}
