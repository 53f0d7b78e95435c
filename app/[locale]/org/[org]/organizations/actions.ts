"use server";

import { redirect } from "next/navigation";
import { requireActor } from "@/lib/organizer/auth";
import { fieldErrors, formValues, type FormState } from "@/lib/server/forms";
import { isLocale } from "@/lib/i18n";
import { createOrganization, newOrganizationSchema, setOrganizationSuspended, suspensionReasonSchema } from "@/lib/platform/organizations";
import { rolesThatMay } from "@/lib/organizer/access";

const FIELDS = ["name", "slug", "defaultLocale", "ownerEmail"] as const;

/**
 * Owners of a platform organization. The acting organization comes from the hidden `orgSlug`
 * and the membership behind it; lib checks that it is a platform organization.
 */
export async function createOrganizationAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const raw = String(formData.get("locale") ?? "");
  const locale = isLocale(raw) ? raw : "en";
  const actor = await requireActor(locale, String(formData.get("orgSlug") ?? ""), rolesThatMay("platform.manage"));
  const values = formValues(formData, FIELDS);
  const parsed = newOrganizationSchema.safeParse(values);
  if (!parsed.success) return { values, errors: fieldErrors(parsed.error) };
  const r = await createOrganization(parsed.data, actor);
  if (!r.ok) return r.error === "slug_taken" ? { values, errors: { slug: "organization.slug.taken" } } : { values, errors: {}, formError: "generic" };
  const q = new URLSearchParams({ created: parsed.data.name, email: parsed.data.ownerEmail, mailed: r.mailed ? "1" : "0" });
  redirect(`/${locale}/org/${encodeURIComponent(actor.organizationSlug)}/organizations?${q}`);
}

/** Suspends or reinstates another organization (platform owners; lib checks it), then back to the list. */
export async function suspensionAction(formData: FormData): Promise<void> {
  const raw = String(formData.get("locale") ?? "");
  const locale = isLocale(raw) ? raw : "en";
  const actor = await requireActor(locale, String(formData.get("orgSlug") ?? ""), rolesThatMay("platform.manage"));
  const base = `/${locale}/org/${encodeURIComponent(actor.organizationSlug)}/organizations`;
  const organizationId = String(formData.get("organizationId") ?? "");
  if (formData.get("change") === "reinstate") {
    const r = await setOrganizationSuspended(actor, organizationId, { suspend: false });
    redirect(r.ok ? `${base}?reinstated=${encodeURIComponent(r.name)}` : `${base}?error=not_found`);
  }
  const reason = suspensionReasonSchema.safeParse(formData.get("reason") ?? "");
  if (!reason.success) redirect(`${base}?error=reason#org-${encodeURIComponent(organizationId)}`);
  const r = await setOrganizationSuspended(actor, organizationId, { suspend: true, reason: reason.data });
  redirect(r.ok ? `${base}?suspended=${encodeURIComponent(r.name)}` : `${base}?error=not_found`);
}
