"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/organizer/auth";
import { fieldErrors, formValues, type FormState } from "@/lib/server/forms";
import { isLocale } from "@/lib/i18n";
import { changeMemberRole, inviteMember, inviteSchema, removeMember, revokeInvitation, roleSchema } from "@/lib/organizer/members";
import { rolesThatMay } from "@/lib/organizer/access";

/**
 * Owners only. Each action reads the organization from the plain hidden input `orgSlug` and
 * checks the membership itself; the member or invitation id only names what to look up inside
 * that organization.
 */
const OWNER = rolesThatMay("members.manage");

function common(formData: FormData) {
  const raw = String(formData.get("locale") ?? "");
  return { locale: isLocale(raw) ? raw : "en", orgSlug: String(formData.get("orgSlug") ?? "") };
}

function backTo(locale: string, orgSlug: string, key: "done" | "error", value: string): never {
  redirect(`/${locale}/org/${encodeURIComponent(orgSlug)}/members?${key}=${value}`);
}

export interface InviteState extends FormState {
  sent?: { email: string; outcome: "invited" | "inviteRefreshed" | "inviteNotMailed" | "inviteCapped" };
}

export async function inviteAction(_prev: InviteState, formData: FormData): Promise<InviteState> {
  const { locale, orgSlug } = common(formData);
  const actor = await requireActor(locale, orgSlug, OWNER);
  const values = formValues(formData, ["email", "role"]);
  const parsed = inviteSchema.safeParse(values);
  if (!parsed.success) return { values, errors: fieldErrors(parsed.error) };
  const r = await inviteMember(actor, parsed.data);
  if (!r.ok) return { values, errors: r.error === "already_member" ? { email: "already_member" } : {}, formError: r.error === "already_member" ? undefined : "generic" };
  revalidatePath(`/${locale}/org/${actor.organizationSlug}/members`);
  return { values: { role: parsed.data.role }, errors: {}, sent: { email: parsed.data.email, outcome: r.capped ? "inviteCapped" : !r.mailed ? "inviteNotMailed" : r.refreshed ? "inviteRefreshed" : "invited" } };
}

export async function changeRoleAction(formData: FormData): Promise<void> {
  const { locale, orgSlug } = common(formData);
  const actor = await requireActor(locale, orgSlug, OWNER);
  const role = roleSchema.safeParse(formData.get("role"));
  if (!role.success) backTo(locale, actor.organizationSlug, "error", "generic");
  const userId = String(formData.get("userId") ?? "");
  const r = await changeMemberRole(actor, userId, role.data);
  if (!r.ok) backTo(locale, actor.organizationSlug, "error", r.error);
  // An owner who made herself an editor or viewer can no longer see this page.
  if (userId === actor.userId && role.data !== "owner") redirect(`/${locale}/org/${actor.organizationSlug}`);
  backTo(locale, actor.organizationSlug, "done", "roleChanged");
}

export async function removeMemberAction(formData: FormData): Promise<void> {
  const { locale, orgSlug } = common(formData);
  const actor = await requireActor(locale, orgSlug, OWNER);
  const userId = String(formData.get("userId") ?? "");
  const r = await removeMember(actor, userId);
  if (!r.ok) backTo(locale, actor.organizationSlug, "error", r.error);
  if (userId === actor.userId) redirect(`/${locale}/org`);
  backTo(locale, actor.organizationSlug, "done", "removed");
}

export async function revokeInvitationAction(formData: FormData): Promise<void> {
  const { locale, orgSlug } = common(formData);
  const actor = await requireActor(locale, orgSlug, OWNER);
  const r = await revokeInvitation(actor, String(formData.get("invitationId") ?? ""));
  backTo(locale, actor.organizationSlug, r.ok ? "done" : "error", r.ok ? "revoked" : "not_found");
}
