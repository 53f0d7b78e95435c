import { jsonError } from "@/lib/server/http";
import NextAuth, { type NextAuthConfig } from "next-auth";
import type { EmailConfig } from "next-auth/providers/email";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { accounts, sessions, users, verificationTokens, type Role } from "@/db/schema";
import { allowSignInLink } from "@/lib/server/rate-limit";
import { getDb } from "@/lib/server/db";
import { authSecret, publicUrl, secureCookies } from "@/lib/server/env";
import { isLocale } from "@/lib/i18n";
import { log, scrubForLog } from "@/lib/server/log";
import { clientIp } from "@/lib/server/request";
import { acceptPendingInvitations, findSessionActor, findSessionUserId, mayRequestSignIn, type Actor } from "./organizations";
import { paths } from "@/lib/paths";

export type { Actor } from "./organizations";

import { EMAIL_PROVIDER_ID, queueSignInLink, SIGN_IN_LINK_MINUTES } from "./sign-in-mail";

export { continueLink, EMAIL_PROVIDER_ID, SIGN_IN_LINK_MINUTES } from "./sign-in-mail";

/** The callback's fields from the continue page's query, or null when the link is malformed. */
export function signInCallbackFields(
  query: Record<string, string | string[] | undefined>,
  locale: string,
): { action: string; token: string; email: string; callbackUrl: string } | null {
  const one = (k: string) => (typeof query[k] === "string" ? (query[k] as string) : "");
  const token = one("token");
  const email = one("email");
  // Only a path on this site: the callback would refuse another origin anyway.
  const requested = one("callbackUrl").replace(/^https?:\/\/[^/]+/, "");
  const [, prefix, rest] = /^\/([a-z]{2,3})(\/org(?:\/.*)?)$/s.exec(requested) ?? [];
  const callbackUrl = isLocale(prefix) && rest ? requested : paths.org.home(locale);
  if (!/^[A-Za-z0-9]{16,128}$/.test(token) || !email || email.length > 254) return null;
  return { action: `/api/auth/callback/${EMAIL_PROVIDER_ID}`, token, email, callbackUrl };
}

const emailProvider: EmailConfig = {
  id: EMAIL_PROVIDER_ID,
  type: "email",
  name: "Email",
  maxAge: SIGN_IN_LINK_MINUTES * 60,
  // Never reached: the signIn callback answers every link request itself (see below). Should
  // Auth.js ever call it, nothing leaves: a link is made only by the worker.
  async sendVerificationRequest() {
    log.warn("auth.unexpectedVerificationRequest", {});
  },
};

function sessionCookieName(): string {
  // Auth.js's own naming: the __Secure- prefix whenever cookies are Secure.
  return `${secureCookies() ? "__Secure-" : ""}authjs.session-token`;
}

/**
 * Auth.js, configured lazily so `next build` never opens the database. Database sessions; only
 * people who belong to an organization (or hold an open invitation) get a link. Others see the
 * same "check your email" page and receive nothing.
 */
export async function buildAuthConfig(): Promise<NextAuthConfig> {
  // Auth.js builds its own URLs (the emailed link, redirects) from AUTH_URL when set, and from the
  // request's Host / X-Forwarded-Host otherwise, which a client can forge. Pin it to PUBLIC_URL.
  process.env.AUTH_URL ??= publicUrl();
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
    pages: { signIn: paths.org.signIn("en"), verifyRequest: paths.org.checkEmail("en"), error: paths.org.signIn("en") },
    logger: {
      error: (e) => log.warn("auth.error", { name: e.name, error: scrubForLog(e) }),
      warn: (code) => log.warn("auth.warn", { code }),
      debug: () => {},
    },
    callbacks: {
      // Runs when a link is requested and again when it is used.
      // A request (Auth.js's own endpoint or our form, which goes through it) is answered the
      // same way for every address, without asking whether it belongs to anyone: the per-address
      // and per-IP limits are counted, one sealed job is queued, and the answer is a redirect to
      // the "check your email" page. The worker decides whether a link is sent (decision 0020).
      // At use, the address must still belong to a member or invitee (a membership removed in
      // between stops the sign-in).
      async signIn({ user, email }) {
        if (!user.email) return false;
        if (email?.verificationRequest) {
          if (await allowSignInLink(user.email, await requestIp())) await queueSignInLink(user.email);
          return paths.org.checkEmail("en");
        }
        return mayRequestSignIn(user.email);
      },
    },
    events: {
      async signIn({ user }) {
        if (user.id && user.email) await acceptPendingInvitations(user.id, user.email);
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(buildAuthConfig);

/** The client IP of the request being handled; null outside a Next.js request (scripts, tests). */
async function requestIp(): Promise<string | null> {
  try {
    return clientIp(await headers());
  } catch {
    return null;
  }
}

async function sessionToken(): Promise<string | null> {
  return (await cookies()).get(sessionCookieName())?.value ?? null;
}

/** The signed-in user's id, or null. */
export async function getSignedInUserId(): Promise<string | null> {
  const token = await sessionToken();
  return token ? findSessionUserId(token) : null;
}

/**
 * The session and the user's membership of an organization, in one query. null: signed out;
 * `actor: null`: signed in but not a member. For route handlers, which answer 401 and 404.
 */
export const findActor = cache(async (orgSlug: string): Promise<{ userId: string; actor: Actor | null } | null> => {
  // Once per request: the workspace layout and its page both ask (React's cache, per render).
  const token = await sessionToken();
  return token ? findSessionActor(token, orgSlug) : null;
});

/** The signed-in user's membership of an organization, or null. */
/**
 * The first steps of an organizer's API request that acts (an export writes an audit row): a
 * request started by another site is refused (403), no session is 401, and an organization the
 * user is not a member of is 404, like one that does not exist.
 */
export async function actorForApiRequest(request: Request, orgSlug: string): Promise<{ actor: Actor } | { response: Response }> {
  if (request.headers.get("sec-fetch-site") === "cross-site") return { response: jsonError(403, "cross-site request refused") };
  const session = await findActor(orgSlug);
  if (!session) return { response: jsonError(401, "sign in first") };
  if (!session.actor) return { response: jsonError(404, "not found") };
  return { actor: session.actor };
}

export async function getActor(orgSlug: string): Promise<Actor | null> {
  return (await findActor(orgSlug))?.actor ?? null;
}

/**
 * For every organizer page and action: a signed-out user goes to sign in; a non-member or a role
 * without the right gets a 404 (never a hint that the organization or campaign exists).
 */
export async function requireActor(locale: string, orgSlug: string, roles?: readonly Role[]): Promise<Actor> {
  const found = await findActor(orgSlug);
  if (!found) redirect(paths.org.signIn(locale));
  const actor = found.actor;
  if (!actor || (roles && !roles.includes(actor.role))) notFound();
  return actor;
}

/** For pages that need a signed-in user but no particular organization. */
export async function requireUserId(locale: string): Promise<string> {
  const userId = await getSignedInUserId();
  if (!userId) redirect(paths.org.signIn(locale));
  return userId;
}
