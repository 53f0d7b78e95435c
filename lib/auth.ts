import NextAuth, { type NextAuthConfig } from "next-auth";
import type { EmailConfig } from "next-auth/providers/email";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { and, eq } from "drizzle-orm";
import { notFound, redirect } from "next/navigation";
import { accounts, memberships, organizations, sessions, users, verificationTokens, type Role } from "@/db/schema";
import { getDb } from "./db";
import { authSecret, secureCookies } from "./env";
import { getMessages } from "./i18n";
import { platformAddress, sendMail } from "./mail";

/** Sign-in links expire after ten minutes and work once (Auth.js deletes the token on use). */
export const SIGN_IN_LINK_MINUTES = 10;

const emailProvider: EmailConfig = {
  id: "email",
  type: "email",
  name: "Email",
  from: platformAddress("no-reply").address,
  maxAge: SIGN_IN_LINK_MINUTES * 60,
  options: {},
  async sendVerificationRequest({ identifier, url }) {
    const en = getMessages("en").organizer;
    const fr = getMessages("fr").organizer;
    const text = `${en.signInMailBody}\n${url}\n\n${fr.signInMailBody}\n${url}\n`;
    await sendMail({
      from: platformAddress("no-reply", "Constituent"),
      to: { address: identifier },
      subject: `${en.signInMailSubject} / ${fr.signInMailSubject}`,
      text,
    });
  },
};

/**
 * Auth.js, configured lazily so `next build` never opens the database. Database sessions; only
 * people who already belong to an organization get a link (others see the same "check your
 * email" page and receive nothing: no enumeration).
 */
export const { handlers, auth, signIn, signOut } = NextAuth(async (): Promise<NextAuthConfig> => {
  const db = await getDb();
  return {
    adapter: DrizzleAdapter(db as never, {
      usersTable: users,
      accountsTable: accounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    } as never),
    session: { strategy: "database", maxAge: 8 * 3600 },
    secret: authSecret(),
    trustHost: true,
    useSecureCookies: secureCookies(),
    providers: [emailProvider],
    pages: { signIn: "/en/org/sign-in", verifyRequest: "/en/org/check-email", error: "/en/org/sign-in" },
    callbacks: {
      async signIn({ user }) {
        const email = user.email?.toLowerCase();
        if (!email) return false;
        const [member] = await db
          .select({ userId: memberships.userId })
          .from(memberships)
          .innerJoin(users, eq(users.id, memberships.userId))
          .where(eq(users.email, email))
          .limit(1);
        // Unknown addresses are sent to the same page as known ones, with no email.
        return member ? true : "/en/org/check-email";
      },
    },
  };
});

export interface Actor {
  userId: string;
  organizationId: string;
  organizationSlug: string;
  organizationName: string;
  role: Role;
}

/** The signed-in user's membership in an organization (one query), or null. */
export async function getActor(orgSlug: string): Promise<Actor | null> {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const db = await getDb();
  const [m] = await db
    .select({
      userId: memberships.userId,
      organizationId: organizations.id,
      organizationSlug: organizations.slug,
      organizationName: organizations.name,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(and(eq(memberships.userId, userId), eq(organizations.slug, orgSlug)));
  return m ?? null;
}

/**
 * For every organizer page and action: a signed-out user goes to sign in; a non-member or a role
 * without the right gets a 404 (never a hint that the organization or campaign exists).
 */
export async function requireActor(locale: string, orgSlug: string, roles?: readonly Role[]): Promise<Actor> {
  const session = await auth();
  if (!session?.user?.id) redirect(`/${locale}/org/sign-in`);
  const actor = await getActor(orgSlug);
  if (!actor || (roles && !roles.includes(actor.role))) notFound();
  return actor;
}

export interface MyOrganization {
  slug: string;
  name: string;
  role: Role;
}

export async function listMyOrganizations(): Promise<MyOrganization[] | null> {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const db = await getDb();
  return db
    .select({ slug: organizations.slug, name: organizations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId))
    .orderBy(organizations.name);
}
