"use client";

import { useActionState } from "react";
import { describedBy, Field } from "@/components/Field";
import { useTranslations } from "next-intl";
import { messageFor } from "@/lib/i18n";
import type { InviteState } from "./actions";

type Action = (prev: InviteState, formData: FormData) => Promise<InviteState>;

const ROLES = ["viewer", "editor", "owner"] as const;

export function InviteForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, { values: {}, errors: {} });
  const o = useTranslations("organizer");
  const m = useTranslations("organizer.members");
  const err = (k: string) => (state.errors[k] ? (messageFor(m, "errors", state.errors[k], "errors.generic")) : undefined);
  return (
    <form action={formAction} noValidate key={JSON.stringify(state.values) + (state.sent?.email ?? "")}>
      {state.sent ? (
        <p className={state.sent.outcome === "inviteNotMailed" || state.sent.outcome === "inviteCapped" ? "notice error" : "notice ok"} role="status">
          {m(state.sent.outcome, { email: state.sent.email })}
        </p>
      ) : null}
      {state.formError ? (
        <p className="notice error" role="alert">
          {m("errors.generic")}
        </p>
      ) : null}
      <Field id="invite-email" label={m("email")} hint={m("inviteHint")} error={err("email")}>
        <input id="invite-email" name="email" type="email" autoComplete="off" defaultValue={state.values.email ?? ""} aria-invalid={!!err("email")} aria-describedby={describedBy("invite-email", m("inviteHint"), err("email"))} />
      </Field>
      <Field id="invite-role" label={m("role")} error={err("role")}>
        <select id="invite-role" name="role" defaultValue={state.values.role || "viewer"} aria-invalid={!!err("role")} aria-describedby={describedBy("invite-role", undefined, err("role"))}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {messageFor(o, "role", r)}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" disabled={pending}>
        {m("inviteButton")}
      </button>
    </form>
  );
}
