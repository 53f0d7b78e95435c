"use server";

import { redirect } from "next/navigation";
import { requireActor } from "@/lib/organizer/auth";
import { addBlockEntry, blockEntrySchema, removeBlockEntry } from "@/lib/organizer/blocklist";
import { fieldErrors, formValues, type FormState } from "@/lib/server/forms";
import { isLocale } from "@/lib/i18n";
import { rolesThatMay } from "@/lib/organizer/access";

/**
 * Owners and editors. Each action reads the organization from the plain hidden input `orgSlug`
 * and checks the membership itself; an entry id only names what to look up inside that
 * organization.
 */
function common(formData: FormData) {
  const raw = String(formData.get("locale") ?? "");
  return { locale: isLocale(raw) ? raw : "en", orgSlug: String(formData.get("orgSlug") ?? "") };
}

const FIELDS = ["kind", "value", "reason"] as const;

export interface AddBlockState extends FormState {
  added?: string;
}

export async function addBlockAction(_prev: AddBlockState, formData: FormData): Promise<AddBlockState> {
  const { locale, orgSlug } = common(formData);
  const actor = await requireActor(locale, orgSlug, rolesThatMay("blocklist.manage"));
  const values = formValues(formData, FIELDS);
  const parsed = blockEntrySchema.safeParse(values);
  if (!parsed.success) return { values, errors: fieldErrors(parsed.error) };
  const r = await addBlockEntry(actor, parsed.data);
  if (!r.ok) return { values, errors: r.error === "duplicate" ? { value: "duplicate" } : {}, formError: r.error === "duplicate" ? undefined : "generic" };
  // Back to the page (a fresh GET), so the list shows the new entry, with or without JavaScript.
  redirect(`/${locale}/org/${encodeURIComponent(actor.organizationSlug)}/blocklist?added=${encodeURIComponent(r.value)}`);
}

export async function removeBlockAction(formData: FormData): Promise<void> {
  const { locale, orgSlug } = common(formData);
  const actor = await requireActor(locale, orgSlug, rolesThatMay("blocklist.manage"));
  const r = await removeBlockEntry(actor, String(formData.get("entryId") ?? ""));
  const base = `/${locale}/org/${encodeURIComponent(actor.organizationSlug)}/blocklist`;
  redirect(r.ok ? `${base}?removed=${encodeURIComponent(r.value)}` : `${base}?error=not_found`);
}
