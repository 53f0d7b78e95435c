"use client";

import { useActionState, useEffect, useRef, useState, type CSSProperties } from "react";
import { describedBy, Field } from "@/components/Field";
import { useTranslations } from "next-intl";
import { CAMPAIGN_LOCALES, isLetterLocale, type Locale, messageFor } from "@/lib/i18n";
import { MERGE_FIELDS } from "@/lib/letters/text";
import { isMarkdownTooLong, renderMarkdown } from "@/lib/campaigns/markdown";
import type { EditorState } from "./state";

type Action = (prev: EditorState, formData: FormData) => Promise<EditorState>;

const SOURCE_KEYS = ["date", "title", "publisher", "url"] as const;

/** Rows of the evidence table: every row typed so far, one blank row, and any rows asked for. */
function sourceRows(values: Record<string, string>, extra: number): number {
  let last = -1;
  for (const k of Object.keys(values)) {
    const m = /^src_(\d+)_(date|title|publisher|url)$/.exec(k);
    if (m && values[k].trim()) last = Math.max(last, Number(m[1]));
  }
  return Math.max(last + 2, 2) + extra;
}

/** The preview's HTML, or null when the text is over the length the editor saves (not rendered then). */
function previewHtml(text: string): string | null {
  return isMarkdownTooLong(text) ? null : renderMarkdown(text);
}

/**
 * A Markdown textarea with its preview. Without JavaScript the preview is the one the server
 * rendered for the "Preview" button; with it, the same renderer (lib/campaigns/markdown.ts, raw HTML and
 * dangerous links disabled) runs as the organizer types, a moment after they pause.
 */
function MarkdownField({ id, lang, label, hint, error, defaultValue, previewLabel, emptyLabel, tooLongLabel, serverPreview }: {
  id: string;
  /** The language the body is written in (its labels are in the interface's). */
  lang: string;
  label: string;
  hint: string;
  error?: string;
  defaultValue: string;
  previewLabel: string;
  emptyLabel: string;
  tooLongLabel: string;
  serverPreview?: string;
}) {
  const [live, setLive] = useState(false);
  const [html, setHtml] = useState<string | null>(serverPreview ?? "");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const textarea = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    setLive(true);
    // What the field holds now: on a slow phone the organizer may have typed before the page
    // hydrated, and that typing fired no onInput.
    setHtml(previewHtml(textarea.current?.value ?? defaultValue));
  }, [defaultValue]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const shown = live ? html : serverPreview;
  return (
    <>
      <Field id={id} label={label} hint={hint} error={error}>
        <textarea
          ref={textarea}
          id={id}
          name={id}
          lang={lang}
          rows={12}
          defaultValue={defaultValue}
          aria-invalid={!!error}
          aria-describedby={describedBy(id, hint, error)}
          onInput={(e) => {
            const text = e.currentTarget.value;
            clearTimeout(timer.current);
            timer.current = setTimeout(() => setHtml(previewHtml(text)), 250);
          }}
        />
      </Field>
      {shown !== undefined ? (
        // tabIndex: the preview scrolls (max-height), so a keyboard user must be able to reach it.
        <section className="card markdown-preview" aria-label={previewLabel} aria-live="polite" tabIndex={0}>
          <p className="hint">{previewLabel}</p>
          {/* HTML from lib/campaigns/markdown.ts only: raw HTML escaped, dangerous protocols dropped. */}
          {shown === null ? <p className="muted">{tooLongLabel}</p> : shown ? <div lang={lang} dangerouslySetInnerHTML={{ __html: shown }} /> : <p className="muted">{emptyLabel}</p>}
        </section>
      ) : null}
    </>
  );
}

export function EditorForm({ action, isNew, status, initial }: {
  action: Action;
  /** A campaign not yet created: the button says "Create". */
  isNew: boolean;
  status?: string;
  initial: EditorState;
}) {
  const [state, formAction, pending] = useActionState(action, initial);
  const m = useTranslations("organizer.editor");
  const c = useTranslations("common");
  const v = state.values;
  const val = (k: string) => v[k] ?? "";
  const err = (k: string): string | undefined => {
    const code = state.errors[k];
    if (!code) return undefined;
    const [key, param] = code.split(/:(.*)/s);
    return messageFor(m, "errors", key, "errors.generic", { fields: param ?? "" });
  };
  const errorKeys = Object.keys(state.errors);
  const lang = (l: Locale) => messageFor(m, "languageName", l);
  const slugFixed = status !== undefined && status !== "draft";
  const rows = sourceRows(v, state.extraSourceRows ?? 0);
  // `lang`: a field written in a campaign language, not the interface's (screen readers and spell checkers follow it).
  const text = (id: string, label: string, opts: { hint?: string; type?: string; readOnly?: boolean; style?: CSSProperties; lang?: string } = {}) => (
    <Field id={id} label={label} hint={opts.hint} error={err(id)}>
      <input
        id={id}
        name={id}
        type={opts.type ?? "text"}
        defaultValue={val(id)}
        readOnly={opts.readOnly}
        lang={opts.lang}
        aria-invalid={!!err(id)}
        aria-describedby={describedBy(id, opts.hint, err(id))}
        style={opts.style}
      />
    </Field>
  );
  const area = (id: string, label: string, rowsN: number, hint?: string, lang?: string) => (
    <Field id={id} label={label} hint={hint} error={err(id)}>
      <textarea id={id} name={id} rows={rowsN} lang={lang} defaultValue={val(id)} aria-invalid={!!err(id)} aria-describedby={describedBy(id, hint, err(id))} />
    </Field>
  );
  // Supporters of a public campaign signed on its deliver-then-delete promise: once stored on, it stays on
  // (the page's stored values, not what was just typed).
  const deliverThenDeleteFixed = slugFixed && initial.values.deliver_then_delete === "on";

  return (
    <form action={formAction} noValidate className="editor">
      {/* Enter in a text field submits with the form's first button: make that "save", not "add a row". */}
      <button type="submit" name="intent" value="save" className="implicit-submit" tabIndex={-1} aria-hidden="true" />

      {errorKeys.length > 0 || state.formError ? (
        <div className="error-summary" role="alert" tabIndex={-1}>
          <p>
            <strong>{c("errorSummary")}</strong>
          </p>
          <ul>
            {state.formError ? <li>{state.formError === "noPreviewMp" ? m("noPreviewMp") : (messageFor(m, "errors", state.formError, "errors.generic"))}</li> : null}
            {errorKeys.map((k) => (
              <li key={k}>
                <a href={`#${k}`}>{err(k)}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {state.saved ? (
        <p className="notice ok" role="status">
          {m("saved")}
        </p>
      ) : null}

      <fieldset>
        <legend>{m("basics")}</legend>
        {text("slug", m("slug"), { hint: slugFixed ? m("slugFixed") : m("slugHint"), readOnly: slugFixed })}
        {text("goal", m("goal"), { type: "number", style: { maxWidth: "12rem" } })}
        {text("endsAt", m("endsAt"), { type: "date", hint: m("endsAtHint"), style: { maxWidth: "12rem" } })}
        <fieldset id="locales" aria-describedby={err("locales") ? "locales-error" : "locales-hint"}>
          <legend>{m("languages")}</legend>
          <p className="hint" id="locales-hint">
            {m("languagesHint")}
          </p>
          {err("locales") ? (
            <p className="field-error" id="locales-error">
              {err("locales")}
            </p>
          ) : null}
          {CAMPAIGN_LOCALES.map((l) => (
            <label key={l}>
              <input type="checkbox" name={`locale_${l}`} defaultChecked={val(`locale_${l}`) === "on"} /> {lang(l)}
            </label>
          ))}
        </fieldset>
      </fieldset>

      {CAMPAIGN_LOCALES.map((l) => (
        <fieldset key={l} className="editor-locale">
          <legend>{m("contentIn", { language: lang(l) })}</legend>
          {text(`title_${l}`, m("fieldTitle", { language: lang(l) }), { lang: l })}
          {area(`summary_${l}`, m("fieldSummary", { language: lang(l) }), 3, undefined, l)}
          <MarkdownField
            id={`body_${l}`}
            lang={l}
            label={m("fieldBody", { language: lang(l) })}
            hint={m("fieldBodyHint")}
            error={err(`body_${l}`)}
            defaultValue={val(`body_${l}`)}
            previewLabel={m("bodyPreview", { language: lang(l) })}
            emptyLabel={m("bodyPreviewEmpty")}
            tooLongLabel={m("bodyPreviewTooLong")}
            serverPreview={state.previews?.[l]}
          />
          {area(`demand_${l}`, m("fieldDemand", { language: lang(l) }), 3, undefined, l)}

          {isLetterLocale(l) ? (
            <fieldset>
              <legend>{m("templateIn", { language: lang(l) })}</legend>
              {area(`subjects_${l}`, m("fieldSubjects", { language: lang(l) }), 3, m("fieldSubjectsHint"), l)}
              {area(`tbody_${l}`, m("fieldTemplateBody", { language: lang(l) }), 12, m("fieldTemplateBodyHint", { fields: MERGE_FIELDS.map((f) => `{{${f}}}`).join(", ") }), l)}
              {area(`prompt_${l}`, m("fieldPrompt", { language: lang(l) }), 2, undefined, l)}
            </fieldset>
          ) : (
            // Letters reach offices in English or French: no template in this language.
            <p className="hint">{m("noTemplateIn", { language: lang(l) })}</p>
          )}
        </fieldset>
      ))}

      <fieldset id="sources">
        <legend>{m("sources")}</legend>
        <p className="hint">{m("sourcesHint")}</p>
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="source-row">
            {SOURCE_KEYS.map((k) => {
              const id = `src_${i}_${k}`;
              const label = { date: m("sourceDate", { n: i + 1 }), title: m("sourceTitle", { n: i + 1 }), publisher: m("sourcePublisher", { n: i + 1 }), url: m("sourceUrl", { n: i + 1 }) }[k];
              return (
                <Field key={k} id={id} label={label} error={err(id)}>
                  <input id={id} name={id} type={k === "date" ? "date" : k === "url" ? "url" : "text"} defaultValue={val(id)} aria-invalid={!!err(id)} aria-describedby={describedBy(id, undefined, err(id))} />
                </Field>
              );
            })}
            <Field id={`src_${i}_locale`} label={m("sourceLocale", { n: i + 1 })}>
              <select id={`src_${i}_locale`} name={`src_${i}_locale`} defaultValue={val(`src_${i}_locale`)}>
                <option value="">{m("sourceAllLanguages")}</option>
                {CAMPAIGN_LOCALES.map((l) => (
                  <option key={l} value={l}>
                    {lang(l)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        ))}
        <button type="submit" name="intent" value="addSource" className="secondary">
          {m("addSource")}
        </button>
      </fieldset>

      <fieldset id="targets" aria-describedby={err("targets") ? "targets-error" : undefined}>
        <legend>{m("targets")}</legend>
        {err("targets") ? (
          <p className="field-error" id="targets-error">
            {err("targets")}
          </p>
        ) : null}
        <label>
          <input type="checkbox" name="target_own_mp" defaultChecked={val("target_own_mp") === "on"} /> {m("targetOwnMp")}
        </label>
        <p>
          <strong>{m("namedTargets")}</strong>
        </p>
        {state.repChoices.length === 0 ? <p className="muted">{m("noNamedTargets")}</p> : null}
        {state.repChoices.map((r) => (
          <label key={r.id}>
            <input type="checkbox" name="target_rep" value={r.id} defaultChecked /> {r.name} ({r.riding}
            {r.party ? `, ${r.party}` : ""})
          </label>
        ))}
        <Field id="repQuery" label={m("searchMps")}>
          <input id="repQuery" name="repQuery" defaultValue={state.repQuery ?? ""} />
        </Field>
        <button type="submit" name="intent" value="searchReps" className="secondary">
          {m("search")}
        </button>
        {state.repResults ? (
          <div role="status">
            <p className="hint">{state.repResults.length ? m("searchResults") : m("noResults")}</p>
            {state.repResults.map((r) => (
              <label key={r.id}>
                <input type="checkbox" name="target_rep" value={r.id} /> {r.name} ({r.riding}
                {r.party ? `, ${r.party}` : ""})
              </label>
            ))}
          </div>
        ) : null}
      </fieldset>

      <fieldset id="privacy">
        <legend>{m("privacy")}</legend>
        {err("deliver_then_delete") ? (
          <p className="field-error" id="deliver_then_delete-error">
            {err("deliver_then_delete")}
          </p>
        ) : null}
        <label>
          <input
            type="checkbox"
            id="deliver_then_delete"
            name={deliverThenDeleteFixed ? undefined : "deliver_then_delete"}
            defaultChecked={deliverThenDeleteFixed || val("deliver_then_delete") === "on"}
            disabled={deliverThenDeleteFixed}
            aria-describedby={["deliver_then_delete-hint", err("deliver_then_delete") ? "deliver_then_delete-error" : null].filter(Boolean).join(" ")}
          />{" "}
          {m("deliverThenDelete")}
        </label>
        {/* A disabled box is not posted: the fixed value travels here. */}
        {deliverThenDeleteFixed ? <input type="hidden" name="deliver_then_delete" value="on" /> : null}
        <p className="hint" id="deliver_then_delete-hint">
          {deliverThenDeleteFixed ? `${m("deliverThenDeleteHint")} ${m("deliverThenDeleteFixed")}` : m("deliverThenDeleteHint")}
        </p>
      </fieldset>

      <fieldset id="letter-preview">
        <legend>{m("letterPreview")}</legend>
        <p className="hint">{m("letterPreviewHint")}</p>
        <Field id="letterRepQuery" label={m("letterPreviewFor")}>
          <input id="letterRepQuery" name="letterRepQuery" defaultValue={val("letterRepQuery")} />
        </Field>
        <button type="submit" name="intent" value="previewLetter" className="secondary">
          {m("previewLetter")}
        </button>
        {state.letterPreviews?.map((p) => (
          <section key={p.locale} className="card letter-preview" lang={p.locale} aria-label={`${m("letterPreview")} (${lang(p.locale)})`}>
            <h3>{`${m("letterPreview")} (${lang(p.locale)})`}</h3>
            <p>{m("letterPreviewTo", { to: p.to, riding: p.representative.riding })}</p>
            <p className="hint">{m("letterPreviewSubjects")}</p>
            <ul>
              {p.subjects.map((s, i) => (
                <li key={i}>{s}</li>
              ))}
            </ul>
            <pre className="letter-text">{p.text}</pre>
          </section>
        ))}
      </fieldset>

      <div className="actions">
        <button type="submit" name="intent" value="save" disabled={pending}>
          {isNew ? m("create") : m("save")}
        </button>
        <button type="submit" name="intent" value="preview" className="secondary">
          {m("preview")}
        </button>
      </div>
    </form>
  );
}
