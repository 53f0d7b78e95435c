"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/server/forms";
import { useTranslations } from "next-intl";
import { errorText } from "@/lib/i18n";
import { partyName } from "@/lib/letters/text";
import type { RidingWithRepresentative } from "@/lib/directory/representatives";

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

export function RidingForm({ action, locale, candidates, asSelect, chosen: initial }: { action: Action; locale: string; candidates: RidingWithRepresentative[]; asSelect: boolean; chosen: string | null }) {
  const [state, formAction, pending] = useActionState(action, { values: {}, errors: {} });
  const m = useTranslations();
  const chosen = state.values.riding || initial || (candidates.length === 1 ? candidates[0].fedNum : "");
  const name = (r: RidingWithRepresentative) => (locale === "fr" ? r.nameFr || r.nameEn : r.nameEn);
  const error = state.formError ?? state.errors.riding;
  return (
    <form action={formAction}>
      {error ? (
        <p className="notice error" role="alert" id="riding-error">
          {errorText(locale, error)}
        </p>
      ) : null}
      {asSelect ? (
        <div className="field">
          <label htmlFor="riding">{m("riding.pick")}</label>
          <select id="riding" name="riding" defaultValue={chosen} required aria-describedby={error ? "riding-error" : undefined}>
            <option value="">—</option>
            {candidates.map((r) => (
              <option key={r.fedNum} value={r.fedNum}>
                {name(r)}
                {r.representative ? ` — ${r.representative.name}` : ""}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <fieldset aria-describedby={error ? "riding-error" : undefined}>
          <legend className="hint">{m("riding.pick")}</legend>
          <ul className="choices">
            {candidates.map((r) => (
              <li key={r.fedNum}>
                <label>
                  <input type="radio" name="riding" value={r.fedNum} defaultChecked={chosen === r.fedNum} required />
                  <span>
                    <strong>{name(r)}</strong>
                    <br />
                    {r.representative ? m("riding.mp", { name: r.representative.name, party: partyName(r.representative.party, locale) ?? "—" }) : m("riding.vacant")}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      <button type="submit" disabled={pending}>
        {m("riding.choose")}
      </button>
    </form>
  );
}
