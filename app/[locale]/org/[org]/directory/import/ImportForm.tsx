"use client";

import { useActionState } from "react";
import { describedBy, Field } from "@/components/Field";
import { useTranslations } from "next-intl";
import { messageFor } from "@/lib/i18n";
import type { ImportDiff } from "@/lib/directory/import-diff";
import type { ImportState } from "./state";

type Action = (prev: ImportState, formData: FormData) => Promise<ImportState>;
type Messages = ReturnType<typeof useTranslations<"organizer.directory.import">>;

function riding(r: { ridingNameEn: string; ridingNameFr: string; fedNum: string }, locale: string): string {
  return `${locale === "fr" ? r.ridingNameFr || r.ridingNameEn : r.ridingNameEn} (${r.fedNum})`;
}

function shown(v: string | boolean | null, m: Messages): string {
  if (v === null || v === "") return m("empty");
  if (typeof v === "boolean") return v ? m("yes") : m("no");
  return v;
}

function errorMessage(e: ImportState["errors"][number], m: Messages): string {
  const text = messageFor(m, "errors", e.code, undefined, { value: e.value ?? "" });
  return e.line > 0 ? m("errorLine", { line: e.line, message: text }) : m("errorFile", { message: text });
}

function Diff({ diff, locale, m }: { diff: ImportDiff; locale: string; m: Messages }) {
  return (
    <section aria-labelledby="diff-title" className="card directory-diff">
      <h2 id="diff-title">{m("diffTitle")}</h2>
      <p>
        {m("diffSummary", {
          added: diff.added.length,
          changed: diff.changed.length,
          vacated: diff.vacated.length,
          unchanged: diff.unchanged,
        })}
      </p>
      {diff.added.length ? (
        <>
          <h3>{m("added")}</h3>
          <ul>
            {diff.added.map((a) => (
              <li key={a.fedNum}>
                <strong>{riding(a, locale)}</strong>: {a.values.name as string}
                {a.values.party ? `, ${a.values.party as string}` : ""}
                {a.values.email ? `, ${a.values.email as string}` : ""} ({a.replaces ? m("replaces", { name: a.replaces.name }) : m("wasVacant")})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {diff.changed.length ? (
        <>
          <h3>{m("changed")}</h3>
          <ul>
            {diff.changed.map((c) => (
              <li key={c.fedNum}>
                <strong>{riding(c, locale)}</strong>, {c.name}
                <ul>
                  {c.changes.map((x) => (
                    <li key={x.field}>{m("fieldChange", { field: messageFor(m, "fields", x.field), from: shown(x.from, m), to: shown(x.to, m) })}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {diff.vacated.length ? (
        <>
          <h3>{m("vacated")}</h3>
          <ul>
            {diff.vacated.map((v) => (
              <li key={v.fedNum}>
                <strong>{riding(v, locale)}</strong>: {m("vacatedFrom", { name: v.name })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {diff.added.length + diff.changed.length + diff.vacated.length === 0 ? <p>{m("noChanges")}</p> : null}
    </section>
  );
}

export function ImportForm({ action, locale, today }: { action: Action; locale: string; today: string }) {
  const [state, formAction, pending] = useActionState(action, { seq: 0, values: { text: "", asOf: today }, errors: [] });
  const m = useTranslations("organizer.directory.import");
  const asOfFound = state.errors.find((e) => e.code === "asOf.invalid");
  const asOfError = asOfFound ? errorMessage(asOfFound, m) : undefined;
  const fileErrors = state.errors.filter((e) => e.code !== "asOf.invalid");
  const hasChanges = !!state.diff && state.diff.added.length + state.diff.changed.length + state.diff.vacated.length > 0;
  return (
    <form action={formAction} noValidate key={state.seq}>
      {state.errors.length ? (
        <div className="error-summary" role="alert" aria-labelledby="import-errors-title">
          <h2 id="import-errors-title">{m("errorsTitle")}</h2>
          <ul>
            {state.errors.map((e, i) => (
              <li key={i}>{errorMessage(e, m)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {state.stale ? (
        <p className="notice error" role="alert">
          {m("stale")}
        </p>
      ) : null}
      <Field id="file" label={m("file")} hint={m("fileHint")}>
        <input id="file" name="file" type="file" accept=".csv,text/csv,text/plain" aria-describedby={describedBy("file", m("fileHint"))} />
      </Field>
      <Field id="text" label={m("text")} error={fileErrors.length ? m("errorsTitle") : undefined}>
        <textarea
          id="text"
          name="text"
          rows={10}
          spellCheck={false}
          className="directory-csv"
          defaultValue={state.values.text}
          aria-invalid={fileErrors.length > 0}
          aria-describedby={describedBy("text", undefined, fileErrors.length ? m("errorsTitle") : undefined)}
        />
      </Field>
      <Field id="asOf" label={m("asOf")} hint={m("asOfHint")} error={asOfError}>
        <input
          id="asOf"
          name="asOf"
          type="date"
          required
          defaultValue={state.values.asOf}
          aria-invalid={!!asOfError}
          aria-describedby={describedBy("asOf", m("asOfHint"), asOfError)}
        />
      </Field>
      <div className="actions">
        <button type="submit" name="intent" value="preview" className={state.diff ? "secondary" : undefined} disabled={pending}>
          {m("preview")}
        </button>
      </div>
      {state.diff ? (
        <>
          <Diff diff={state.diff} locale={locale} m={m} />
          {hasChanges ? (
            <>
              <input type="hidden" name="diffHash" value={state.diff.hash} />
              <p className="hint" id="apply-hint">
                {m("applyHint")}
              </p>
              <div className="actions">
                <button type="submit" name="intent" value="apply" disabled={pending} aria-describedby="apply-hint">
                  {m("apply")}
                </button>
              </div>
            </>
          ) : null}
        </>
      ) : null}
    </form>
  );
}
