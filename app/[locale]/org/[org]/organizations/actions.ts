"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { organizerAction } from "@/lib/organizer/action";
import type { FormState } from "@/lib/server/forms";
import { createOrganization, newOrganizationSchema, setOrganizationSuspended, suspensionReasonSchema } from "@/lib/platform/organizations";
import { paths } from "@/lib/paths";

/**
 * Owners of a platform organization (platform.manage; lib checks that the acting organization is
 * a platform one). A posted organization id only names what to look up.
 */
export const createOrganizationAction = organizerAction(
  "platform.manage",
  { fields: ["name", "slug", "defaultLocale", "ownerEmail"], schema: newOrganizationSchema },
  async (input, { actor, locale, values }): Promise<FormState> => {
    const r = await createOrganization(input, actor);
    if (!r.ok) return r.error === "slug_taken" ? { values, errors: { slug: "organization.slug.taken" } } : { values, errors: {}, formError: "generic" };
    redirect(paths.org.section(locale, actor.organizationSlug, "organizations", { created: input.name, email: input.ownerEmail, mailed: r.mailed ? "1" : "0" }));
  },
);

const organizationId = z.string().trim().min(1).max(100);
const list = (locale: string, org: string, query: Record<string, string>) => paths.org.section(locale, org, "organizations", query);

export const suspendOrganizationAction = organizerAction(
  "platform.manage",
  {
    fields: ["organizationId", "reason"],
    schema: z.object({ organizationId, reason: suspensionReasonSchema }),
    // Without a reason, back to the organization's row, which says one is needed.
    invalid: ({ scope, values }) => redirect(`${list(scope.locale, scope.org, { error: "reason" })}#org-${encodeURIComponent(values.organizationId ?? "")}`),
  },
  async ({ organizationId, reason }, { actor, locale }): Promise<void> => {
    const r = await setOrganizationSuspended(actor, organizationId, { suspend: true, reason });
    redirect(list(locale, actor.organizationSlug, r.ok ? { suspended: r.name } : { error: "not_found" }));
  },
);

export const reinstateOrganizationAction = organizerAction(
  "platform.manage",
  { fields: ["organizationId"], schema: z.object({ organizationId }), invalid: ({ scope }) => redirect(list(scope.locale, scope.org, { error: "not_found" })) },
  async ({ organizationId }, { actor, locale }): Promise<void> => {
    const r = await setOrganizationSuspended(actor, organizationId, { suspend: false });
    redirect(list(locale, actor.organizationSlug, r.ok ? { reinstated: r.name } : { error: "not_found" }));
  },
);
