import { randomBytes } from "node:crypto";
import { may } from "./access";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { ROLES, invitations, memberships, organizations, users, type Role } from "@/db/schema";
import { getDb, type Tx } from "@/lib/server/db";
import { publicUrl } from "@/lib/server/env";
import { createTranslator } from "next-intl";
import { paths } from "@/lib/paths";
import { formatDate, intlConfig, LOCALES } from "@/lib/i18n";
import { hitRateLimit } from "@/lib/server/rate-limit";
import { platformAddress, sendMail } from "@/lib/server/mail";
import type { Actor } from "./organizations";
import { hashToken } from "@/lib/signing/tokens";
import { enqueueInTx, jobTransaction, QUEUES } from "@/lib/jobs/queue";
import { recordAudit } from "./audit";

/**
 * Members and invitations of an organization: owners only. Owners invite by email; the invited
 * address becomes a member when it signs in with the emailed link (acceptPendingInvitations), so
 * the invitation's own token is never needed in a link and is kept only as a hash. Every change is
 * audited in the same transaction, and an organization always keeps at least one owner.
 */
export const INVITATION_DAYS = 7;

export interface MemberRow {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  since: Date;
}

export interface InvitationRow {
  id: string;
  email: string;
  role: Role;
  expiresAt: Date;
  expired: boolean;
  createdAt: Date;
}

function isOwner(actor: Actor): boolean {
  return may(actor, "members.manage");
}

/** Members by role then address, and invitations not yet accepted (expired ones included, marked). Null for non-owners. */
export async function listMembers(actor: Actor): Promise<{ members: MemberRow[]; invitations: InvitationRow[] } | null> {
  if (!isOwner(actor)) return null;
  const db = await getDb();
  const members = await db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, since: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organizationId, actor.organizationId))
    .orderBy(sql`case ${memberships.role} when 'owner' then 0 when 'editor' then 1 else 2 end`, asc(users.email));
  const open = await db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      expired: sql<boolean>`${invitations.expiresAt} <= now()`,
      createdAt: invitations.createdAt,
    })
    .from(invitations)
    .where(and(eq(invitations.organizationId, actor.organizationId), isNull(invitations.acceptedAt)))
    .orderBy(asc(invitations.email));
  return { members, invitations: open };
}

export const inviteSchema = z.object({
  email: z
    .string({ error: "email.required" })
    .transform((s) => s.trim().toLowerCase())
    .pipe(z.string().min(1, "email.required").max(254, "email.invalid").pipe(z.email("email.invalid"))),
  role: z.enum(ROLES, { error: "members.role.invalid" }),
});
export type InviteInput = z.input<typeof inviteSchema>;

export type InviteResult =
  | { ok: true; invitationId: string; refreshed: boolean; mailed: boolean; capped: boolean }
  | { ok: false; error: "not_found" | "already_member" };

/** The invitation email, in both languages (the address does not say which one the invitee reads). */
export function invitationMail(organizationName: string, role: Role, expiresAt: Date) {
  const parts = LOCALES.map((locale) => {
    const m = createTranslator({ ...intlConfig(locale), namespace: "organizer" });
    const params = {
      organization: organizationName,
      role: m(`role.${role}`),
      url: `${publicUrl()}${paths.org.signIn(locale)}`,
      date: formatDate(locale, expiresAt),
    };
    return { subject: m("members.inviteMailSubject", params), body: m("members.inviteMailBody", params) };
  });
  return { subject: parts.map((p) => p.subject).join(" / "), text: `${parts.map((p) => p.body).join("\n\n----\n\n")}\n` };
}

/**
 * Invites an address with a role for INVITATION_DAYS. Inviting an address that already has an
 * open invitation refreshes it (new expiry, new role, new token). The email is a job written in
 * the same transaction and sent by the worker after commit (retried while SMTP is down).
 */
export async function inviteMember(actor: Actor, input: { email: string; role: Role }): Promise<InviteResult> {
  if (!isOwner(actor)) return { ok: false, error: "not_found" };
  const { email, role } = inviteSchema.parse(input);
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 24 * 3600_000);
  const tokenHash = hashToken(randomBytes(32).toString("base64url"));
  const result = await jobTransaction(async (tx): Promise<InviteResult> => {
    const [member] = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organizationId, actor.organizationId), eq(sql`lower(${users.email})`, email)));
    if (member) return { ok: false, error: "already_member" };
    const [existing] = await tx
      .update(invitations)
      .set({ role, tokenHash, expiresAt, invitedBy: actor.userId })
      .where(and(eq(invitations.organizationId, actor.organizationId), eq(sql`lower(${invitations.email})`, email), isNull(invitations.acceptedAt)))
      .returning({ id: invitations.id });
    const id =
      existing?.id ??
      (
        await tx
          .insert(invitations)
          .values({ organizationId: actor.organizationId, email, role, tokenHash, invitedBy: actor.userId, expiresAt })
          .returning({ id: invitations.id })
      )[0].id;
    await audit(tx, actor, existing ? "member.reinvite" : "member.invite", "invitation", id, { email, role, expiresAt: expiresAt.toISOString() });
    const capped = (await queueInvitationMail(tx, actor.organizationId, email, id)) === "capped";
    return { ok: true, invitationId: id, refreshed: Boolean(existing), mailed: !capped, capped };
  });
  return result;
}

/** Invitation emails one address may receive from one organization in a day: re-inviting is no way to flood a mailbox. */
export const INVITATION_MAILS_PER_DAY = 3;

/**
 * Queues an invitation's email in the caller's transaction (a jobTransaction), unless this address
 * has had its day's share from this organization.
 */
export async function queueInvitationMail(tx: Tx, organizationId: string, email: string, invitationId: string): Promise<"queued" | "capped"> {
  if (await hitRateLimit(tx, `invite:${organizationId}:${email.toLowerCase()}`, [{ limit: INVITATION_MAILS_PER_DAY, windowSeconds: 24 * 3600 }])) return "capped";
  await enqueueInTx(tx, QUEUES.invitationMail, { invitationId });
  return "queued";
}

/** The worker's half: mails an invitation still open, as it stands now (a revoked one sends nothing). */
export async function sendInvitationEmail(invitationId: string): Promise<void> {
  if (!z.uuid().safeParse(invitationId).success) return;
  const db = await getDb();
  const [inv] = await db
    .select({ email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt, organizationName: organizations.name })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .where(and(eq(invitations.id, invitationId), isNull(invitations.acceptedAt)));
  if (!inv) return;
  const mail = invitationMail(inv.organizationName, inv.role, inv.expiresAt);
  await sendMail({ from: platformAddress("no-reply", "Constituent"), to: { address: inv.email }, subject: mail.subject, text: mail.text });
}

/** Withdraws an invitation not yet accepted. */
export async function revokeInvitation(actor: Actor, invitationId: string): Promise<{ ok: boolean }> {
  if (!isOwner(actor) || !z.uuid().safeParse(invitationId).success) return { ok: false };
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(invitations)
      .where(and(eq(invitations.id, invitationId), eq(invitations.organizationId, actor.organizationId), isNull(invitations.acceptedAt)))
      .returning({ id: invitations.id, email: invitations.email, role: invitations.role });
    if (!gone) return { ok: false };
    await audit(tx, actor, "member.revoke_invitation", "invitation", gone.id, { email: gone.email, role: gone.role });
    return { ok: true };
  });
}

export type MemberChangeResult = { ok: true } | { ok: false; error: "not_found" | "last_owner" | "approval_owners" };

export const roleSchema = z.enum(ROLES);

/**
 * Why `userId` may not stop being an owner, or null: the organization must keep an owner, and two
 * while exports need a second owner's approval (otherwise one owner could demote the other, turn
 * approval off with nobody left to tell, and export alone: decision 0025). The owners' rows are
 * locked so two owners demoting each other at once cannot both succeed.
 */
async function ownerMustStay(tx: Tx, organizationId: string, userId: string): Promise<"last_owner" | "approval_owners" | null> {
  const owners = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, "owner")))
    .for("update");
  const others = owners.filter((o) => o.userId !== userId).length;
  if (others === 0) return "last_owner";
  const [org] = await tx.select({ approval: organizations.exportApprovalRequired }).from(organizations).where(eq(organizations.id, organizationId));
  return org?.approval && others < 2 ? "approval_owners" : null;
}

export async function changeMemberRole(actor: Actor, userId: string, role: Role): Promise<MemberChangeResult> {
  if (!isOwner(actor) || !roleSchema.safeParse(role).success || !userId || userId.length > 100) return { ok: false, error: "not_found" };
  const db = await getDb();
  return db.transaction(async (tx): Promise<MemberChangeResult> => {
    const [m] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.organizationId, actor.organizationId), eq(memberships.userId, userId)));
    if (!m) return { ok: false, error: "not_found" };
    if (m.role === role) return { ok: true };
    const kept = m.role === "owner" ? await ownerMustStay(tx, actor.organizationId, userId) : null;
    if (kept) return { ok: false, error: kept };
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.organizationId, actor.organizationId), eq(memberships.userId, userId)));
    await audit(tx, actor, "member.role", "user", userId, { from: m.role, to: role });
    return { ok: true };
  });
}

export async function removeMember(actor: Actor, userId: string): Promise<MemberChangeResult> {
  if (!isOwner(actor) || !userId || userId.length > 100) return { ok: false, error: "not_found" };
  const db = await getDb();
  return db.transaction(async (tx): Promise<MemberChangeResult> => {
    const [m] = await tx
      .select({ role: memberships.role, email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organizationId, actor.organizationId), eq(memberships.userId, userId)));
    if (!m) return { ok: false, error: "not_found" };
    const kept = m.role === "owner" ? await ownerMustStay(tx, actor.organizationId, userId) : null;
    if (kept) return { ok: false, error: kept };
    await tx.delete(memberships).where(and(eq(memberships.organizationId, actor.organizationId), eq(memberships.userId, userId)));
    await audit(tx, actor, "member.remove", "user", userId, { email: m.email, role: m.role });
    return { ok: true };
  });
}

async function audit(tx: Tx, actor: Actor, action: string, targetType: string, targetId: string, detail: Record<string, unknown>) {
  await recordAudit(tx, { organizationId: actor.organizationId, actorUserId: actor.userId, action, targetType, targetId, detail });
}
