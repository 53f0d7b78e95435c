"use server";

import { redirect } from "next/navigation";
import { requireActor } from "@/lib/organizer/auth";
import { fieldErrors, formValues, type FormState } from "@/lib/server/forms";
import { isLocale } from "@/lib/i18n";
import { checkLogo, organizationProfileSchema, updateOrganizationProfile } from "@/lib/organizer/settings";
import { rolesThatMay } from "@/lib/organizer/access";

const FIELDS = ["name", "contactEmail", "defaultLocale", "removeLogo"] as const;

/**
 * Owners only. The organization comes from the plain hidden input `orgSlug` and the membership
 * behind it; nothing else posted names an organization.
 */
export async function saveSettingsAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const raw = String(formData.get("locale") ?? "");
  const locale = isLocale(raw) ? raw : "en";
  const actor = await requireActor(locale, String(formData.get("orgSlug") ?? ""), rolesThatMay("settings.edit"));
  const values = formValues(formData, FIELDS);
  const parsed = organizationProfileSchema.safeParse(values);
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  // An empty file input still posts a nameless, empty file: that means "keep the logo".
  const file = formData.get("logo");
  let logo: Parameters<typeof updateOrganizationProfile>[2] = null;
  if (file instanceof File && file.size > 0) {
    const checked = checkLogo(new Uint8Array(await file.arrayBuffer()));
    if (checked.ok) logo = checked;
    else errors.logo = checked.error;
  }
  if (!parsed.success || errors.logo) return { values, errors };
  const r = await updateOrganizationProfile(actor, parsed.data, logo);
  if (!r.ok) return { values, errors: {}, formError: "generic" };
  redirect(`/${locale}/org/${encodeURIComponent(actor.organizationSlug)}/settings?saved=1`);
}
