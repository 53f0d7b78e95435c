import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { invitations, memberships, organizations, sessions, users, type Role } from "@/db/schema";
import { getDb } from "@/lib/server/db";

/**
 * Who is acting, in which organization, with which role. Every organizer read and action takes
 * one, and its queries filter on `actor.organizationId`: the organization comes from the
 * membership, never from the request.
 */
export interface Actor {
  userId: string;
  organizationId: string;
  organizationSlug: string;
  organizationName: string;
  role: Role;
}

/**
 * The session behind a cookie and, in the same query, its user's membership of one organization.
 * null: no live session (signed out or expired). `actor: null`: signed in, but not a member.
 */
export async function findSessionActor(sessionToken: string, orgSlug: string): Promise<{ userId: string; actor: Actor | null } | null> {
  const db = await getDb();
  const [row] = await db
    .select({
      userId: sessions.userId,
      organizationId: organizations.id,
      organizationSlug: organizations.slug,
      organizationName: organizations.name,
      role: memberships.role,
    })
    .from(sessions)
    .leftJoin(organizations, eq(organizations.slug, orgSlug))
    .leftJoin(memberships, and(eq(memberships.organizationId, organizations.id), eq(memberships.userId, sessions.userId)))
    .where(and(eq(sessions.sessionToken, sessionToken), gt(sessions.expires, sql`now()`)))
    .limit(1);
  if (!row) return null;
  const actor =
    row.role && row.organizationId && row.organizationSlug && row.organizationName
      ? { userId: row.userId, organizationId: row.organizationId, organizationSlug: row.organizationSlug, organizationName: row.organizationName, role: row.role }
      : null;
  return { userId: row.userId, actor };
}

/** The user behind a live session, or null. */
export async function findSessionUserId(sessionToken: string): Promise<string | null> {
  const db = await getDb();
  const [row] = await db
    .select({ userId: sessions.userId })
    .from(sessions)
    .where(and(eq(sessions.sessionToken, sessionToken), gt(sessions.expires, sql`now()`)));
  return row?.userId ?? null;
}

/** A membership joined to its organization, as an Actor. */
const ACTOR_COLUMNS = {
  userId: memberships.userId,
  organizationId: organizations.id,
  organizationSlug: organizations.slug,
  organizationName: organizations.name,
  role: memberships.role,
};

/** A user's membership of one organization as an Actor, or null (tests and background work). */
export async function getActorForUser(userId: string, orgSlug: string): Promise<Actor | null> {
  const db = await getDb();
  const [m] = await db
    .select(ACTOR_COLUMNS)
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(and(eq(memberships.userId, userId), eq(organizations.slug, orgSlug)));
  return m ?? null;
}

/** Every organization the user belongs to, as the Actor they are in each, by name. */
export async function listMyOrganizations(userId: string): Promise<Actor[]> {
  const db = await getDb();
  return db
    .select(ACTOR_COLUMNS)
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId))
    .orderBy(organizations.name);
}

/**
 * Whether a sign-in link may be sent to this address: a member of some organization, or someone
 * with an invitation that has not expired. Everyone else gets the same page and no email.
 */
export async function mayRequestSignIn(email: string): Promise<boolean> {
  const db = await getDb();
  const address = email.trim().toLowerCase();
  const [row] = await db
    .select({
      member: sql<boolean>`exists (select 1 from ${memberships} inner join ${users} on ${users.id} = ${memberships.userId} where ${users.email} = ${address})`,
      invited: sql<boolean>`exists (select 1 from ${invitations} where lower(${invitations.email}) = ${address} and ${invitations.acceptedAt} is null and ${invitations.expiresAt} > now())`,
    })
    .from(sql`(select 1) as one`);
  return Boolean(row?.member) || Boolean(row?.invited);
}

/**
 * After a sign-in from the emailed link (which proves the address), open invitations to that
 * address become memberships. An existing membership keeps its role.
 */
export async function acceptPendingInvitations(userId: string, email: string): Promise<number> {
  const db = await getDb();
  const address = email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const open = await tx
      .update(invitations)
      .set({ acceptedAt: sql`now()` })
      .where(and(eq(sql`lower(${invitations.email})`, address), isNull(invitations.acceptedAt), gt(invitations.expiresAt, sql`now()`)))
      .returning({ organizationId: invitations.organizationId, role: invitations.role });
    for (const inv of open) {
      await tx.insert(memberships).values({ organizationId: inv.organizationId, userId, role: inv.role }).onConflictDoNothing();
    }
    return open.length;
  });
}
