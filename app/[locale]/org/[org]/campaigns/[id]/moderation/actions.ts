"use server";

import { notFound, redirect } from "next/navigation";
import { requireActor } from "@/lib/organizer/auth";
import { fieldErrors, formValues, type FormState } from "@/lib/server/forms";
import { isLocale } from "@/lib/i18n";
import { approveSignature, invalidateByFilter, invalidateSignature, invalidationFilterSchema, previewInvalidation } from "@/lib/organizer/moderation";
import { rolesThatMay } from "@/lib/organizer/access";

/**
 * Every action reads the organization and campaign from plain hidden inputs (orgSlug,
 * campaignId) and checks the membership itself: nothing posted is trusted beyond naming what to
 * look up, and another organization's ids behave like ids that do not exist.
 */
function common(formData: FormData) {
  const raw = String(formData.get("locale") ?? "");
  const locale = isLocale(raw) ? raw : "en";
  const page = String(formData.get("page") ?? "");
  return {
    locale,
    orgSlug: String(formData.get("orgSlug") ?? ""),
    campaignId: String(formData.get("campaignId") ?? ""),
    // The queue page the moderator was on, to return to it.
    page: /^\d{1,7}$/.test(page) && Number(page) > 1 ? Number(page) : 1,
  };
}

function backTo(locale: string, orgSlug: string, campaignId: string, done: string, page = 1): never {
  redirect(`/${locale}/org/${encodeURIComponent(orgSlug)}/campaigns/${encodeURIComponent(campaignId)}/moderation?done=${done}${page > 1 ? `&page=${page}` : ""}#queue`);
}

export async function approveSignatureAction(formData: FormData): Promise<void> {
  const { locale, orgSlug, campaignId, page } = common(formData);
  const actor = await requireActor(locale, orgSlug, rolesThatMay("signatures.moderate"));
  const r = await approveSignature(actor, campaignId, String(formData.get("signatureId") ?? ""));
  backTo(locale, actor.organizationSlug, campaignId, r.ok ? (r.status === "confirmed" ? "approved" : "approvedPending") : "notFound", page);
}

export async function invalidateSignatureAction(formData: FormData): Promise<void> {
  const { locale, orgSlug, campaignId, page } = common(formData);
  const actor = await requireActor(locale, orgSlug, rolesThatMay("signatures.moderate"));
  const r = await invalidateSignature(actor, campaignId, String(formData.get("signatureId") ?? ""));
  backTo(locale, actor.organizationSlug, campaignId, r.ok ? "invalidatedOne" : "notFound", page);
}

const BULK_FIELDS = ["ipCidr", "emailDomain", "from", "to", "ridingFedNum", "includeConfirmed", "block"] as const;

export interface BulkState extends FormState {
  /** Set after a preview: the count shown, which the confirmation must still match. */
  preview?: { count: number };
  done?: { invalidated: number; lettersCancelled: number; blocked: string[] };
  countChanged?: number;
}

/**
 * The two-step bulk invalidation. "preview" counts; "confirm" carries the same filter fields and
 * the count the moderator saw, and acts only if the filter still matches that many signatures.
 */
export async function bulkInvalidateAction(_prev: BulkState, formData: FormData): Promise<BulkState> {
  const { locale, orgSlug, campaignId } = common(formData);
  const actor = await requireActor(locale, orgSlug, rolesThatMay("signatures.moderate"));
  const values = formValues(formData, BULK_FIELDS);
  const parsed = invalidationFilterSchema.safeParse(values);
  if (!parsed.success) return { values, errors: fieldErrors(parsed.error) };
  if (formData.get("step") === "confirm") {
    const expectedCount = Number(formData.get("expectedCount"));
    if (!Number.isInteger(expectedCount) || expectedCount < 0) return { values, errors: {}, formError: "generic" };
    const r = await invalidateByFilter(actor, campaignId, parsed.data, { expectedCount, block: values.block === "on" });
    if (!r.ok && r.error === "not_found") notFound();
    if (!r.ok) return { values, errors: {}, preview: { count: r.count }, countChanged: r.count };
    return { values: {}, errors: {}, done: { invalidated: r.invalidated, lettersCancelled: r.lettersCancelled, blocked: r.blocked } };
  }
  const r = await previewInvalidation(actor, campaignId, parsed.data);
  if (!r.ok) notFound();
  return { values, errors: {}, preview: { count: r.count } };
}
