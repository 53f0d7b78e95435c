/** Shared steps for integration tests that walk the supporter journey through lib/. */
import { asc, eq } from "drizzle-orm";
import { campaigns, memberships, signingFlows, sinkMessages, users, type Role } from "@/db/schema";
import { DEMO_CAMPAIGN_SLUG, seedDemo } from "@/db/seed";
import { getDb } from "@/lib/server/db";
import { letterInputSchema } from "@/lib/letters/compose";
import { showPersonalSlot, storePersonalSlot } from "@/lib/letters/text";
import { issueToken } from "@/lib/signing/tokens";
import { listSinkMessages } from "@/lib/server/mail-sink";
import { getActorForUser, type Actor } from "@/lib/organizer/organizations";
import { confirmSignatureByToken } from "@/lib/signing/confirm";
import { createSignature, signInputSchema, type SignInput } from "@/lib/signing/sign";

export async function demoCampaign() {
  const db = await getDb();
  await seedDemo(db);
  const [c] = await db.select().from(campaigns).where(eq(campaigns.slug, DEMO_CAMPAIGN_SLUG));
  return c;
}

let n = 0;
export function uniqueEmail(prefix = "supporter"): string {
  n++;
  return `${prefix}.${Date.now().toString(36)}${n}@example.org`;
}

/** A distinct documentation-range address per call, so per-IP limits only bite where a test wants them. */
export function uniqueIp(): string {
  n++;
  return `198.51.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
}

export async function sign(input: Partial<SignInput> & { email: string }, slug = DEMO_CAMPAIGN_SLUG, ip: string | null = uniqueIp()) {
  const parsed = signInputSchema.parse({
    name: "Ani Petrosyan",
    residency: "resident",
    postalCode: "K1A 0A6",
    consent: false,
    ...input,
  });
  const r = await createSignature(parsed, { campaignSlug: slug, locale: "en", ip });
  if (!r.ok) throw new Error(r.error);
  // What the browser never sees, for the tests' own checks: the signature behind the flow.
  const db = await getDb();
  const [f] = await db
    .select({ signatureId: signingFlows.signatureId, fresh: signingFlows.createdSignature })
    .from(signingFlows)
    .where(eq(signingFlows.id, r.flowId));
  return { ...r, signatureId: f.signatureId, fresh: f.fresh };
}

/** The newest message to an address, from the real SMTP sink. */
export async function lastMailTo(address: string) {
  const [m] = await listSinkMessages({ to: address, limit: 1 });
  return m ?? null;
}

export function confirmTokenFrom(text: string | null): string {
  const m = /\/confirm\/([A-Za-z0-9_-]+)/.exec(text ?? "");
  if (!m) throw new Error("no confirmation link in the message");
  return m[1];
}

export function codeFrom(text: string | null): string {
  const m = /\b(\d{6})\b/.exec(text ?? "");
  if (!m) throw new Error("no code in the message");
  return m[1];
}

/** Every message in the sink carrying this Message-ID (a letter must appear exactly once). */
export async function mailsWithMessageId(messageId: string) {
  const db = await getDb();
  return db.select().from(sinkMessages).where(eq(sinkMessages.messageId, messageId)).orderBy(asc(sinkMessages.id));
}

/** The highest sink message id so far: pass it as afterId to see only what arrives next. */
export async function sinkHighWater(): Promise<number> {
  const [m] = await listSinkMessages({ limit: 1 });
  return m?.id ?? 0;
}

/** A header of a sink message, by name in any case (header names are stored as sent). */
export function headerOf(m: { headers: Record<string, string> }, name: string): string | undefined {
  const key = Object.keys(m.headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : m.headers[key];
}

/**
 * Presses the button behind the link in the newest confirmation email to this address, in a
 * browser holding `flowId` (or in a fresh browser).
 */
export async function confirmFromMailbox(email: string, flowId: string | null = null) {
  const mail = (await listSinkMessages({ to: email, limit: 20 })).find((m) => /\/confirm\//.test(m.text ?? ""));
  if (!mail) throw new Error(`no confirmation mail to ${email} in the sink`);
  const r = await confirmSignatureByToken(confirmTokenFrom(mail.text), { flowId });
  if (!r.ok) throw new Error(r.error);
  return r;
}

/** An existing member's Actor in an organization, by their address (the seed's organizers). */
export async function actorByEmail(email: string, slug: string): Promise<Actor> {
  const db = await getDb();
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  const a = await getActorForUser(u.id, slug);
  if (!a) throw new Error("no membership");
  return a;
}

/** A new user with a role in an organization, as the Actor lib functions take. */
export async function addMember(email: string, organizationId: string, orgSlug: string, role: Role): Promise<Actor> {
  const db = await getDb();
  const [u] = await db.insert(users).values({ email }).returning({ id: users.id });
  await db.insert(memberships).values({ organizationId, userId: u.id, role });
  const actor = await getActorForUser(u.id, orgSlug);
  if (!actor) throw new Error("no membership");
  return actor;
}

/**
 * A letter as the write form submits it: the body with the supporter's own-words marker, parsed
 * by the form's schema, then stored with {{personal_paragraph}} (what the write action does).
 * Tests write the body with {{personal_paragraph}} where the marker would be.
 */
export function letterInput(input: { representativeId: string; subject: string; body: string; personal?: string }) {
  const marker = "[Your own words]";
  const parsed = letterInputSchema.parse({ ...input, body: showPersonalSlot(input.body, marker) });
  return { ...parsed, body: storePersonalSlot(parsed.body, marker, parsed.personal) };
}

/** A status (manage) link's token for a signature, as the emails carry. */
export async function manageTokenFor(signatureId: string): Promise<string> {
  return (await issueToken(await getDb(), "manage", signatureId)).token;
}
