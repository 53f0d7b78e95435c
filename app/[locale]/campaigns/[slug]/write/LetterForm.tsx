"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { describedBy, Field } from "@/components/Field";
import type { FormState } from "@/lib/server/forms";
import { useTranslations } from "next-intl";
import { errorText } from "@/lib/i18n";
import { composeLetter, storePersonalSlot } from "@/lib/letters/text";
import { personalScore } from "@/lib/letters/similarity";

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

export function LetterForm(props: {
  action: Action;
  locale: string;
  /** The template's language (English or French): the subject and letter are written in it, whatever the page's. */
  letterLocale: string;
  representativeId: string;
  subjects: string[];
  prompt: string;
  /** The supporter's own-words marker in the letter box, in their language. */
  marker: string;
  initial: { subject: string; personal: string; body: string };
  baseline: string;
}) {
  const { locale, marker } = props;
  const m = useTranslations();
  const [state, formAction, pending] = useActionState(props.action, { values: props.initial, errors: {} });
  const v = { ...props.initial, ...state.values };
  const [personal, setPersonal] = useState(v.personal);
  const [body, setBody] = useState(v.body);
  // On a slow phone the supporter may type before the page hydrates: that typing fired no
  // onChange, so the state starts from what the fields hold, and the score counts it.
  const personalField = useRef<HTMLTextAreaElement>(null);
  const bodyField = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (personalField.current) setPersonal(personalField.current.value);
    if (bodyField.current) setBody(bodyField.current.value);
  }, []);
  const score = personalScore(composeLetter(storePersonalSlot(body, marker, personal), personal), props.baseline);
  const percent = Math.round(score * 100);
  const err = (k: string) => (state.errors[k] ? errorText(locale, state.errors[k]) : undefined);
  const errorKeys = Object.keys(state.errors);
  return (
    <form action={formAction} noValidate>
      {state.formError ? (
        <p className="notice error" role="alert">
          {errorText(locale, state.formError)}
        </p>
      ) : null}
      {errorKeys.length > 0 ? (
        <div className="error-summary" role="alert" tabIndex={-1}>
          <p>
            <strong>{m("common.errorSummary")}</strong>
          </p>
          <ul>
            {errorKeys.map((k) => (
              <li key={k}>
                <a href={`#${k}`}>{err(k)}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <input type="hidden" name="representativeId" value={props.representativeId} />
      <Field id="subject" label={m("letter.subject")} error={err("subject")}>
        <select id="subject" name="subject" lang={props.letterLocale} defaultValue={v.subject} aria-invalid={!!err("subject")} aria-describedby={describedBy("subject", undefined, err("subject"))}>
          {props.subjects.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </Field>
      <Field id="personal" label={m("letter.personal")} hint={props.prompt} error={err("personal")}>
        <textarea
          ref={personalField}
          id="personal"
          name="personal"
          rows={5}
          value={personal}
          onChange={(e) => setPersonal(e.target.value)}
          aria-invalid={!!err("personal")}
          aria-describedby={describedBy("personal", "h", err("personal"))}
        />
      </Field>
      <p className="meter" aria-live="polite" data-testid="personal-score">
        {m("letter.personalScore", { percent })} <span className="muted">{percent >= 20 ? m("letter.personalGood") : m("letter.personalLow")}</span>
      </p>
      <Field id="body" label={m("letter.body")} hint={m("letter.bodyHint", { marker })} error={err("body")}>
        <textarea ref={bodyField} id="body" name="body" lang={props.letterLocale} rows={16} value={body} onChange={(e) => setBody(e.target.value)} aria-invalid={!!err("body")} aria-describedby={describedBy("body", "h", err("body"))} />
      </Field>
      <button type="submit" disabled={pending}>
        {m("letter.preview")}
      </button>
    </form>
  );
}
