"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { organizerAction, type OrgScope } from "@/lib/organizer/action";
import type { FormState } from "@/lib/server/forms";
import { changeMemberRole, inviteMember, inviteSchema, removeMember, revokeInvitation, roleSchema } from "@/lib/organizer/members";
import { paths } from "@/lib/paths";

/** Owners only (members.manage). A posted member or invitation id only names what to look up inside the organization. */
const backTo = (scope: OrgScope, key: "done" | "error", value: string): never => redirect(paths.org.section(scope.locale, scope.org, "members", { [key]: value }));

export interface InviteState extends FormState {
  sent?: { email: string; outcome: "invited" | "inviteRefreshed" | "inviteNotMailed" | "inviteCapped" };
}

export const inviteAction = organizerAction("members.manage", { fields: ["email", "role"], schema: inviteSchema }, async (input, { actor, locale, values }): Promise<InviteState> => {
  const r = await inviteMember(actor, input);
  if (!r.ok) return { values, errors: r.error === "already_member" ? { email: "already_member" } : {}, formError: r.error === "already_member" ? undefined : "generic" };
  revalidatePath(paths.org.section(locale, actor.organizationSlug, "members"));
  return { values: { role: input.role }, errors: {}, sent: { email: input.email, outcome: r.capped ? "inviteCapped" : !r.mailed ? "inviteNotMailed" : r.refreshed ? "inviteRefreshed" : "invited" } };
});

const id = z.string().trim().min(1).max(100);

export const changeRoleAction = organizerAction(
  "members.manage",
  { fields: ["userId", "role"], schema: z.object({ userId: id, role: roleSchema }), invalid: ({ scope }) => backTo(scope, "error", "generic") },
  async ({ userId, role }, { actor, locale, scope }): Promise<void> => {
    const r = await changeMemberRole(actor, userId, role);
    if (!r.ok) backTo(scope, "error", r.error);
    // An owner who made herself an editor or viewer can no longer see this page.
    if (userId === actor.userId && role !== "owner") redirect(paths.org.dashboard(locale, actor.organizationSlug));
    backTo(scope, "done", "roleChanged");
  },
);

export const removeMemberAction = organizerAction(
  "members.manage",
  { fields: ["userId"], schema: z.object({ userId: id }), invalid: ({ scope }) => backTo(scope, "error", "not_found") },
  async ({ userId }, { actor, locale, scope }): Promise<void> => {
    const r = await removeMember(actor, userId);
    if (!r.ok) backTo(scope, "error", r.error);
    if (userId === actor.userId) redirect(paths.org.home(locale));
    backTo(scope, "done", "removed");
  },
);

export const revokeInvitationAction = organizerAction(
  "members.manage",
  { fields: ["invitationId"], schema: z.object({ invitationId: id }), invalid: ({ scope }) => backTo(scope, "error", "not_found") },
  async ({ invitationId }, { actor, scope }): Promise<void> => {
    const r = await revokeInvitation(actor, invitationId);
    backTo(scope, r.ok ? "done" : "error", r.ok ? "revoked" : "not_found");
  },
);
