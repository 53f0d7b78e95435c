import { randomBytes } from "node:crypto";
import { may } from "./access";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { ROLES, auditLog, invitations, memberships, users, type Role } from "@/db/schema";
import { getDb, type Tx } from "@/lib/server/db";
import { publicUrl } from "@/lib/server/env";
import { createTranslator } from "next-intl";
import { formatDate, intlConfig, LOCALES } from "@/lib/i18n";
import { log, scrubForLog } from "@/lib/server/log";
import { hitRateLimit } from "@/lib/server/rate-limit";
import { platformAddress, sendMail } from "@/lib/server/mail";
import type { Actor } from "./organizations";
import { hashToken } from "@/lib/signing/tokens";

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
      url: `${publicUrl()}/${locale}/org/sign-in`,
      date: formatDate(locale, expiresAt),
    };
    return { subject: m("members.inviteMailSubject", params), body: m("members.inviteMailBody", params) };
  });
  return { subject: parts.map((p) => p.subject).join(" / "), text: `${parts.map((p) => p.body).join("\n\n----\n\n")}\n` };
}

/**
 * Invites an address with a role for INVITATION_DAYS. Inviting an address that already has an
 * open invitation refreshes it (new expiry, new role, new token). The email leaves after commit;
 * if it cannot be sent the invitation stands and the owner is told (re-inviting sends it again).
 */
export async function inviteMember(actor: Actor, input: { email: string; role: Role }): Promise<InviteResult> {
  if (!isOwner(actor)) return { ok: false, error: "not_found" };
  const { email, role } = inviteSchema.parse(input);
  const db = await getDb();
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 24 * 3600_000);
  const tokenHash = hashToken(randomBytes(32).toString("base64url"));
  const result = await db.transaction(async (tx): Promise<InviteResult> => {
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
    return { ok: true, invitationId: id, refreshed: Boolean(existing), mailed: false, capped: false };
  });
  if (!result.ok) return result;
  const mailed = await mailInvitation(actor.organizationId, actor.organizationName, email, role, expiresAt);
  return { ...result, mailed: mailed === "sent", capped: mailed === "capped" };
}

/** Invitation emails one address may receive from one organization in a day: re-inviting is no way to flood a mailbox. */
export const INVITATION_MAILS_PER_DAY = 3;

/**
 * Mails an invitation (after its transaction has committed). A failure is logged and reported as
 * false: the invitation stands, and the invitee can still sign in with that address.
 */
export async function mailInvitation(organizationId: string, organizationName: string, email: string, role: Role, expiresAt: Date): Promise<"sent" | "capped" | "failed"> {
  const db = await getDb();
  if (await hitRateLimit(db, `invite:${organizationId}:${email.toLowerCase()}`, [{ limit: INVITATION_MAILS_PER_DAY, windowSeconds: 24 * 3600 }])) return "capped";
  const mail = invitationMail(organizationName, role, expiresAt);
  try {
    await sendMail({ from: platformAddress("no-reply", "Constituent"), to: { address: email }, subject: mail.subject, text: mail.text });
    return "sent";
  } catch (err) {
    log.warn("members.inviteMailFailed", { error: scrubForLog(err) });
    return "failed";
  }
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

export type MemberChangeResult = { ok: true } | { ok: false; error: "not_found" | "last_owner" };

export const roleSchema = z.enum(ROLES);

/**
 * Whether, after removing `userId` from the owners, any owner is left. The owners' rows are locked
 * so two owners demoting each other at once cannot both succeed.
 */
async function anotherOwnerRemains(tx: Tx, organizationId: string, userId: string): Promise<boolean> {
  const owners = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, "owner")))
    .for("update");
  return owners.some((o) => o.userId !== userId);
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
    if (m.role === "owner" && !(await anotherOwnerRemains(tx, actor.organizationId, userId))) return { ok: false, error: "last_owner" };
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
    if (m.role === "owner" && !(await anotherOwnerRemains(tx, actor.organizationId, userId))) return { ok: false, error: "last_owner" };
    await tx.delete(memberships).where(and(eq(memberships.organizationId, actor.organizationId), eq(memberships.userId, userId)));
    await audit(tx, actor, "member.remove", "user", userId, { email: m.email, role: m.role });
    return { ok: true };
  });
}

async function audit(tx: Tx, actor: Actor, action: string, targetType: string, targetId: string, detail: Record<string, unknown>) {
  await tx.insert(auditLog).values({ organizationId: actor.organizationId, actorUserId: actor.userId, action, targetType, targetId, detail });
}
