"use client";

import { useActionState } from "react";
import { describedBy, Field } from "@/components/Field";
import { useTranslations } from "next-intl";
import { formatNumber, messageFor } from "@/lib/i18n";
import type { BulkState } from "./actions";

type Action = (prev: BulkState, formData: FormData) => Promise<BulkState>;

const FILTER_FIELDS = ["ipCidr", "emailDomain", "from", "to", "ridingFedNum", "includeConfirmed", "block"] as const;

/**
 * Step one counts what a filter matches; step two, shown with the count, carries the very same
 * filter in hidden fields. Works without JavaScript (the server renders each step).
 */
export function BulkForm({
  action,
  locale,
  ridings,
  initial,
}: {
  action: Action;
  locale: string;
  ridings: { fedNum: string; name: string }[];
  initial: Record<string, string>;
}) {
  const [state, formAction, pending] = useActionState(action, { values: {}, errors: {} });
  const m = useTranslations("organizer.moderation");
  const b = useTranslations("organizer.moderation.bulk");
  const started = Object.keys(state.values).length > 0;
  const v = (k: (typeof FILTER_FIELDS)[number]) => (started ? (state.values[k] ?? "") : (initial[k] ?? ""));
  const err = (k: string) => (state.errors[k] ? messageFor(m, "errors", state.errors[k], "errors.generic") : undefined);
  const n = (x: number) => formatNumber(locale, x);
  return (
    <div>
      {state.done ? (
        <div className="notice ok" role="status">
          <p>{b("done", { count: state.done.invalidated, letters: n(state.done.lettersCancelled) })}</p>
          {state.done.blocked.length ? <p>{b("doneBlocked", { values: state.done.blocked.join(", ") })}</p> : null}
        </div>
      ) : null}
      {state.errors._form ? (
        <p className="notice error" role="alert">
          {err("_form")}
        </p>
      ) : null}
      {state.formError ? (
        <p className="notice error" role="alert">
          {m("errors.generic")}
        </p>
      ) : null}
      <form action={formAction} noValidate key={JSON.stringify(state.values) + (state.done ? "done" : "")}>
        <input type="hidden" name="step" value="preview" />
        <Field id="bulk-ip" label={b("ipCidr")} hint={b("ipCidrHint")} error={err("ipCidr")}>
          <input id="bulk-ip" name="ipCidr" type="text" defaultValue={v("ipCidr")} autoComplete="off" aria-invalid={!!err("ipCidr")} aria-describedby={describedBy("bulk-ip", b("ipCidrHint"), err("ipCidr"))} />
        </Field>
        <Field id="bulk-domain" label={b("emailDomain")} hint={b("emailDomainHint")} error={err("emailDomain")}>
          <input id="bulk-domain" name="emailDomain" type="text" defaultValue={v("emailDomain")} autoComplete="off" aria-invalid={!!err("emailDomain")} aria-describedby={describedBy("bulk-domain", b("emailDomainHint"), err("emailDomain"))} />
        </Field>
        <div className="moderation-times">
          <Field id="bulk-from" label={b("from")} hint={b("timeHint")} error={err("from")}>
            <input id="bulk-from" name="from" type="datetime-local" defaultValue={v("from")} aria-invalid={!!err("from")} aria-describedby={describedBy("bulk-from", b("timeHint"), err("from"))} />
          </Field>
          <Field id="bulk-to" label={b("to")} hint={b("timeHint")} error={err("to")}>
            <input id="bulk-to" name="to" type="datetime-local" defaultValue={v("to")} aria-invalid={!!err("to")} aria-describedby={describedBy("bulk-to", b("timeHint"), err("to"))} />
          </Field>
        </div>
        <Field id="bulk-riding" label={b("riding")} error={err("ridingFedNum")}>
          <select id="bulk-riding" name="ridingFedNum" defaultValue={v("ridingFedNum")} aria-invalid={!!err("ridingFedNum")} aria-describedby={describedBy("bulk-riding", undefined, err("ridingFedNum"))}>
            <option value="">{b("anyRiding")}</option>
            {ridings.map((r) => (
              <option key={r.fedNum} value={r.fedNum}>
                {r.name}
              </option>
            ))}
          </select>
        </Field>
        <fieldset>
          <label>
            <input type="checkbox" name="includeConfirmed" defaultChecked={started ? v("includeConfirmed") === "on" : initial.includeConfirmed !== "off"} /> {b("includeConfirmed")}
          </label>
          <label>
            <input type="checkbox" name="block" defaultChecked={v("block") === "on"} /> {b("block")}
          </label>
        </fieldset>
        <button type="submit" className={state.preview ? "secondary" : undefined} disabled={pending}>
          {b("preview")}
        </button>
      </form>

      {state.preview ? (
        <div className="notice" role="status">
          {state.countChanged !== undefined ? <p>{b("countChanged", { count: n(state.countChanged) })}</p> : null}
          <p>
            <strong>{state.preview.count > 0 ? b("previewCount", { count: state.preview.count }) : b("previewNone")}</strong>
          </p>
          {state.preview.count > 0 ? (
            <form action={formAction}>
              <input type="hidden" name="step" value="confirm" />
              <input type="hidden" name="expectedCount" value={state.preview.count} />
              {FILTER_FIELDS.map((k) => (state.values[k] ? <input key={k} type="hidden" name={k} value={state.values[k]} /> : null))}
              <button type="submit" disabled={pending}>
                {b("confirm", { count: state.preview.count })}
              </button>
            </form>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
