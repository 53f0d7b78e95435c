"use server";

import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { campaignAction, type CampaignScope } from "@/lib/organizer/action";
import type { FormState } from "@/lib/server/forms";
import { approveSignature, invalidateByFilter, invalidateSignature, invalidationFilterSchema, previewInvalidation } from "@/lib/organizer/moderation";
import { paths } from "@/lib/paths";

/**
 * Owners and editors (signatures.moderate). The campaign and a posted signature id only name what
 * to look up inside the organization: another organization's ids behave like ids that do not exist.
 */
const one = z.object({
  signatureId: z.string().trim().min(1).max(100),
  // The queue page the moderator was on, to return to it.
  page: z.string().transform((p) => (/^\d{1,7}$/.test(p) && Number(p) > 1 ? Number(p) : 1)),
});

function backTo(scope: CampaignScope, done: string, page = 1): never {
  redirect(paths.org.moderation(scope.locale, scope.org, scope.campaign, { done, page: page > 1 ? page : undefined }, "queue"));
}

export const approveSignatureAction = campaignAction(
  "signatures.moderate",
  { fields: ["signatureId", "page"], schema: one, invalid: ({ scope }) => backTo(scope, "notFound") },
  async ({ signatureId, page }, { actor, scope }): Promise<void> => {
    const r = await approveSignature(actor, scope.campaign, signatureId);
    backTo({ ...scope, org: actor.organizationSlug }, r.ok ? (r.status === "confirmed" ? "approved" : "approvedPending") : "notFound", page);
  },
);

export const invalidateSignatureAction = campaignAction(
  "signatures.moderate",
  { fields: ["signatureId", "page"], schema: one, invalid: ({ scope }) => backTo(scope, "notFound") },
  async ({ signatureId, page }, { actor, scope }): Promise<void> => {
    const r = await invalidateSignature(actor, scope.campaign, signatureId);
    backTo({ ...scope, org: actor.organizationSlug }, r.ok ? "invalidatedOne" : "notFound", page);
  },
);

export interface BulkState extends FormState {
  /** Set after a preview: the count shown, which the confirmation must still match. */
  preview?: { count: number };
  done?: { invalidated: number; lettersCancelled: number; blocked: string[] };
  countChanged?: number;
}

/**
 * The two-step bulk invalidation, one form in two states. "preview" counts; "confirm" carries the
 * same filter fields and the count the moderator saw, and acts only if the filter still matches
 * that many signatures.
 */
export const bulkInvalidateAction = campaignAction(
  "signatures.moderate",
  { fields: ["ipCidr", "emailDomain", "from", "to", "ridingFedNum", "includeConfirmed", "block"], schema: invalidationFilterSchema },
  async (filter, { actor, scope, values, formData }): Promise<BulkState> => {
    if (formData.get("step") === "confirm") {
      const expectedCount = Number(formData.get("expectedCount"));
      if (!Number.isInteger(expectedCount) || expectedCount < 0) return { values, errors: {}, formError: "generic" };
      const r = await invalidateByFilter(actor, scope.campaign, filter, { expectedCount, block: values.block === "on" });
      if (!r.ok && r.error === "not_found") notFound();
      if (!r.ok) return { values, errors: {}, preview: { count: r.count }, countChanged: r.count };
      return { values: {}, errors: {}, done: { invalidated: r.invalidated, lettersCancelled: r.lettersCancelled, blocked: r.blocked } };
    }
    const r = await previewInvalidation(actor, scope.campaign, filter);
    if (!r.ok) notFound();
    return { values, errors: {}, preview: { count: r.count } };
  },
);
