"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { describedBy, Field } from "@/components/Field";
import { messageFor } from "@/lib/i18n";
import { LOCALE_NAMES, type Locale } from "@/lib/i18n/config";
import type { FormState } from "@/lib/server/forms";

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

/**
 * An update's text: a subject and a Markdown message in each of the campaign's languages. A plain
 * form without JavaScript; what was typed comes back with the errors.
 */
export function ContentForm({
  action,
  locales,
  updateId,
  initial,
  subjectMax,
}: {
  action: Action;
  locales: Locale[];
  updateId: string;
  initial: Record<string, string>;
  /** The schema's limit (lib/updates), passed in: this client file does not import server code. */
  subjectMax: number;
}) {
  const [state, formAction, pending] = useActionState(action, { values: initial, errors: {} });
  const m = useTranslations("updates");
  const err = (k: string) => (state.errors[k] ? messageFor(m, "errors", state.errors[k], "errors.generic") : undefined);
  const v = state.values;
  return (
    <form action={formAction} noValidate key={JSON.stringify(state)}>
      {state.formError || Object.keys(state.errors).length ? (
        <p className="notice error" role="alert">
          {state.formError ? messageFor(m, "errors", state.formError, "errors.generic") : m("errors.invalid")}
        </p>
      ) : null}
      <input type="hidden" name="update" value={updateId} />
      {locales.map((l) => {
        const language = LOCALE_NAMES[l];
        const subject = `update-subject-${l}`;
        const body = `update-body-${l}`;
        return (
          <fieldset key={l}>
            <legend>{language}</legend>
            <Field id={subject} label={m("subjectLabel", { language })} error={err(`subject_${l}`)}>
              <input
                id={subject}
                name={`subject_${l}`}
                lang={l}
                type="text"
                maxLength={subjectMax}
                autoComplete="off"
                defaultValue={v[`subject_${l}`] ?? ""}
                aria-invalid={!!err(`subject_${l}`)}
                aria-describedby={describedBy(subject, undefined, err(`subject_${l}`))}
              />
            </Field>
            <Field id={body} label={m("bodyLabel", { language })} hint={m("bodyHint", { language })} error={err(`body_${l}`)}>
              <textarea
                id={body}
                name={`body_${l}`}
                lang={l}
                rows={12}
                defaultValue={v[`body_${l}`] ?? ""}
                aria-invalid={!!err(`body_${l}`)}
                aria-describedby={describedBy(body, m("bodyHint", { language }), err(`body_${l}`))}
              />
            </Field>
          </fieldset>
        );
      })}
      <button type="submit" disabled={pending}>
        {m("save")}
      </button>
    </form>
  );
}
