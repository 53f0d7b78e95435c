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
import { createTranslator } from "next-intl";
import { intlConfig, isLocale, LOCALES } from "@/lib/i18n";
import { log, scrubForLog } from "@/lib/server/log";
import { platformAddress, sendMail } from "@/lib/server/mail";
import { clientIp } from "@/lib/server/request";
import { acceptPendingInvitations, findSessionActor, findSessionUserId, mayRequestSignIn, type Actor } from "./organizations";
import { paths } from "@/lib/paths";

export type { Actor } from "./organizations";

/** Sign-in links expire after ten minutes and work once (Auth.js deletes the token on use). */
export const SIGN_IN_LINK_MINUTES = 10;
/** The provider id: `signIn(EMAIL_PROVIDER_ID, …)` and the link's `/api/auth/callback/email`. */
export const EMAIL_PROVIDER_ID = "email";

/**
 * The emailed link opens a page with a button (`/<locale>/org/sign-in/continue`), not Auth.js's
 * callback itself: mail scanners fetch links, and a GET of the callback spends the single-use
 * token. The page submits the same fields to the callback when the organizer presses the button.
 */
export function continueLink(callbackUrl: string, locale: string): string {
  const url = new URL(callbackUrl);
  // Always this site's configured address, never the request's Host or X-Forwarded-Host: a
  // forged host would otherwise send a real organizer's single-use token to the forger's site.
  const next = new URL(paths.org.signInContinue(locale), publicUrl());
  for (const key of ["token", "email", "callbackUrl"]) {
    const v = url.searchParams.get(key);
    if (v !== null) next.searchParams.set(key, v);
  }
  return next.toString();
}

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

/**
 * Sends the sign-in link in both languages (the address alone does not tell us which one the
 * organizer reads). The send is not awaited: the web request never waits on SMTP, so a known
 * address is answered about as fast as an unknown one (no enumeration by timing). A failed
 * send is logged; the organizer asks again.
 */
function sendSignInLink(identifier: string, url: string): void {
  const parts = LOCALES.map((locale) => ({ locale, t: createTranslator({ ...intlConfig(locale), namespace: "organizer" }) }));
  sendMail({
    from: platformAddress("no-reply", "Constituent"),
    to: { address: identifier },
    subject: parts.map(({ t }) => t("signInMailSubject")).join(" / "),
    text: parts.map(({ locale, t }) => `${t("signInMailBody")}\n${continueLink(url, locale)}\n`).join("\n"),
  }).catch((err: unknown) => log.error("auth.signInMailFailed", { error: scrubForLog(err) }));
}

const emailProvider: EmailConfig = {
  id: EMAIL_PROVIDER_ID,
  type: "email",
  name: "Email",
  maxAge: SIGN_IN_LINK_MINUTES * 60,
  async sendVerificationRequest({ identifier, url }) {
    sendSignInLink(identifier, url);
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
      // Runs when a link is requested and again when it is used (a membership removed in
      // between stops the sign-in). A string is a redirect: the unknown address is sent where a
      // known one goes, with no email.
      async signIn({ user, email }) {
        if (!user.email) return false;
        if (!(await mayRequestSignIn(user.email))) return "/en/org/check-email";
        // A link request (not its use) counts against the per-address and per-IP limits, here
        // rather than in our form's action so a direct POST to Auth.js is limited too.
        if (email?.verificationRequest && !(await allowSignInLink(user.email, await requestIp()))) {
          log.info("auth.signInLinkLimited", {});
          return "/en/org/check-email";
        }
        return true;
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
