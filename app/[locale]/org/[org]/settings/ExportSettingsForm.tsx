"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { describedBy, Field } from "@/components/Field";
import { messageFor } from "@/lib/i18n";
import type { ExportSettings } from "@/lib/organizer/settings";
import type { FormState } from "@/lib/server/forms";

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

/** Export approval and the retention period: a form of its own, so a mistake in one part keeps the other's input. */
export function ExportSettingsForm({ action, settings }: { action: Action; settings: ExportSettings }) {
  const initial: FormState = {
    values: { exportApprovalRequired: settings.exportApprovalRequired ? "on" : "", retentionMonths: String(settings.retentionMonths) },
    errors: {},
  };
  const [state, formAction, pending] = useActionState(action, initial);
  const m = useTranslations("settings");
  const err = (k: string) => (state.errors[k] ? messageFor(m, "errors", state.errors[k], "errors.generic") : undefined);
  const v = state.values;
  const approvalError = err("exportApprovalRequired");
  const monthsError = err("retentionMonths");
  return (
    <form action={formAction} noValidate key={JSON.stringify(state)}>
      {state.formError ? (
        <p className="notice error" role="alert">
          {m("errors.generic")}
        </p>
      ) : null}
      <div className="field">
        <p className="hint" id="export-approval-hint">
          {m("approvalHint")}
        </p>
        {approvalError ? (
          <p className="field-error" id="export-approval-error">
            {approvalError}
          </p>
        ) : null}
        <label>
          <input
            type="checkbox"
            name="exportApprovalRequired"
            defaultChecked={v.exportApprovalRequired === "on"}
            aria-invalid={!!approvalError}
            aria-describedby={describedBy("export-approval", m("approvalHint"), approvalError)}
          />{" "}
          {m("approvalLabel")}
        </label>
      </div>
      <Field id="retention-months" label={m("retentionLabel")} hint={m("retentionHint")} error={monthsError}>
        <input
          id="retention-months"
          name="retentionMonths"
          type="number"
          inputMode="numeric"
          min={1}
          max={60}
          step={1}
          required
          defaultValue={v.retentionMonths}
          aria-invalid={!!monthsError}
          aria-describedby={describedBy("retention-months", m("retentionHint"), monthsError)}
          style={{ maxWidth: "8em" }}
        />
      </Field>
      <button type="submit" disabled={pending}>
        {m("exportsSave")}
      </button>
    </form>
  );
}
