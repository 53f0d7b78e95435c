"use server";

import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { campaignAction, type CampaignScope } from "@/lib/organizer/action";
import type { FormState } from "@/lib/server/forms";
import { paths } from "@/lib/paths";
import {
  requestTestSend,
  saveUpdateAudience,
  saveUpdateContent,
  sendUpdate,
  UPDATE_CONTENT_FIELDS,
  updateAudienceSchema,
  updateContentSchema,
} from "@/lib/updates/updates";

/**
 * Owners and editors (updates.send). The posted update id only names what to look up inside the
 * campaign and the organization: another organization's update behaves like one that does not exist.
 */
const updateId = z.string().trim().max(100);

function toUpdate(scope: CampaignScope, id: string, query?: Record<string, string>): never {
  redirect(paths.org.update(scope.locale, scope.org, scope.campaign, id, query));
}

/** Writes a new draft, or changes a draft's text (`update` set). */
export const saveUpdateContentAction = campaignAction(
  "updates.send",
  { fields: ["update", ...UPDATE_CONTENT_FIELDS], schema: updateContentSchema.extend({ update: updateId }) },
  async ({ update, ...content }, { actor, scope, values, locale }): Promise<FormState> => {
    const r = await saveUpdateContent(actor, scope.campaign, update || null, content, locale);
    if (!r.ok && r.error === "not_found") notFound();
    if (!r.ok) return { values, errors: r.error === "invalid" ? r.errors : {}, formError: r.error === "not_draft" ? "notDraft" : r.error === "invalid" ? undefined : "generic" };
    toUpdate({ ...scope, org: actor.organizationSlug }, r.id, { saved: "content" });
  },
);

/** Narrows a draft to provinces and ridings (multi-valued fields, read by `prepare`). */
export const saveUpdateAudienceAction = campaignAction(
  "updates.send",
  {
    fields: ["update"],
    schema: updateAudienceSchema.extend({ update: updateId }),
    prepare: (values, formData) => ({ update: values.update, provinces: formData.getAll("province").map(String), ridings: formData.getAll("riding").map(String) }),
  },
  async ({ update, ...audience }, { actor, scope }): Promise<void> => {
    const r = await saveUpdateAudience(actor, scope.campaign, update, audience);
    if (!r.ok && r.error !== "not_draft") notFound();
    toUpdate({ ...scope, org: actor.organizationSlug }, update, r.ok ? { saved: "audience" } : { error: "notDraft" });
  },
);

export const testUpdateAction = campaignAction(
  "updates.send",
  { fields: ["update"], schema: z.object({ update: updateId }) },
  async ({ update }, { actor, scope }): Promise<void> => {
    const r = await requestTestSend(actor, scope.campaign, update);
    if (!r.ok && r.error !== "incomplete") notFound();
    toUpdate({ ...scope, org: actor.organizationSlug }, update, r.ok ? { saved: "test" } : { error: "incomplete" });
  },
);

export const sendUpdateAction = campaignAction(
  "updates.send",
  { fields: ["update"], schema: z.object({ update: updateId }) },
  async ({ update }, { actor, scope }): Promise<void> => {
    const r = await sendUpdate(actor, scope.campaign, update);
    if (!r.ok && (r.error === "not_found" || r.error === "forbidden")) notFound();
    const errors = { not_draft: "notDraft", incomplete: "incomplete", sender: "sender", suspended: "suspended", empty: "empty" } as const;
    toUpdate({ ...scope, org: actor.organizationSlug }, update, r.ok ? { saved: "sent" } : { error: errors[r.error as keyof typeof errors] });
  },
);
