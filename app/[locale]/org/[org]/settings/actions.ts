"use server";

import { redirect } from "next/navigation";
import { organizerAction } from "@/lib/organizer/action";
import type { FormState } from "@/lib/server/forms";
import { exportSettingsSchema, settingsFormSchema, updateExportSettings, updateOrganizationProfile } from "@/lib/organizer/settings";
import { paths } from "@/lib/paths";

/** Owners only (settings.edit): the organization's name, contact address, working language and logo. */
export const saveSettingsAction = organizerAction(
  "settings.edit",
  { fields: ["name", "contactEmail", "mailingAddress", "embedSites", "defaultLocale", "removeLogo"], schema: settingsFormSchema, prepare: (values, formData) => ({ ...values, logo: formData.get("logo") }) },
  async ({ logo, ...profile }, { actor, locale, values }): Promise<FormState> => {
    const r = await updateOrganizationProfile(actor, profile, logo);
    if (!r.ok) return { values, errors: {}, formError: "generic" };
    redirect(paths.org.section(locale, actor.organizationSlug, "settings", { saved: 1 }));
  },
);

/**
 * Owners only (settings.edit): whether every export waits for a second owner, and how many months
 * after a campaign closes its supporters are anonymised.
 */
export const saveExportSettingsAction = organizerAction(
  "settings.edit",
  { fields: ["exportApprovalRequired", "retentionMonths"], schema: exportSettingsSchema },
  async (input, { actor, locale, values }): Promise<FormState> => {
    const r = await updateExportSettings(actor, input);
    if (!r.ok) return r.error === "needs_two_owners" ? { values, errors: { exportApprovalRequired: "exportApproval.needsTwoOwners" } } : { values, errors: {}, formError: "generic" };
    redirect(paths.org.section(locale, actor.organizationSlug, "settings", { exportsSaved: r.approvalTurnedOff ? "off" : "1" }));
  },
);
