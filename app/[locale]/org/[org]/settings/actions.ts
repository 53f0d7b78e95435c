"use server";

import { redirect } from "next/navigation";
import { organizerAction } from "@/lib/organizer/action";
import type { FormState } from "@/lib/server/forms";
import { settingsFormSchema, updateOrganizationProfile } from "@/lib/organizer/settings";
import { paths } from "@/lib/paths";

/** Owners only (settings.edit): the organization's name, contact address, working language and logo. */
export const saveSettingsAction = organizerAction(
  "settings.edit",
  { fields: ["name", "contactEmail", "defaultLocale", "removeLogo"], schema: settingsFormSchema, prepare: (values, formData) => ({ ...values, logo: formData.get("logo") }) },
  async ({ logo, ...profile }, { actor, locale, values }): Promise<FormState> => {
    const r = await updateOrganizationProfile(actor, profile, logo);
    if (!r.ok) return { values, errors: {}, formError: "generic" };
    redirect(paths.org.section(locale, actor.organizationSlug, "settings", { saved: 1 }));
  },
);
