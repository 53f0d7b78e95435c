import { createOrganizationKey } from "@/lib/privacy/encryption";
import { randomBytes } from "node:crypto";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { invitations, memberships, organizations } from "@/db/schema";
import { invalidatePublicCampaign } from "@/lib/campaigns/public";
import { getDb } from "@/lib/server/db";
import { LOCALES } from "@/lib/i18n/config";
import { INVITATION_DAYS, queueInvitationMail } from "@/lib/organizer/members";
import { jobTransaction } from "@/lib/jobs/queue";
import { organizationNameSchema } from "@/lib/organizer/settings";
import type { Actor } from "@/lib/organizer/organizations";
import { isPlatformOwner } from "@/lib/organizer/access";
import { SLUG_PATTERN } from "@/lib/campaigns/slugs";
import { hashToken } from "@/lib/signing/tokens";
import { recordAudit } from "@/lib/organizer/audit";

/**
 * The platform itself: owners of an organization marked `is_platform_admin` run it (the check is
 * lib/organizer/access.ts isPlatformOwner). They import the MP directory and open the platform to
 * new groups: a new organization starts with an invitation for its first owner, who signs in by
 * email like everyone else. The very first organization of a production install is made with
 * `npm run org:create` (scripts/org-create.ts).
 */

/** Slugs the organizer pages use for themselves (/<locale>/org/sign-in, …). */
const RESERVED_SLUGS = new Set(["sign-in", "check-email", "new", "api", "admin"]);

/** The new-organization form. Messages are i18n codes. */
export const newOrganizationSchema = z.object({
  name: organizationNameSchema,
  slug: z
    .string({ error: "organization.slug.invalid" })
    .transform((s) => s.trim().toLowerCase())
    .pipe(
      z
        .string()
        .min(3, "organization.slug.invalid")
        .max(60, "organization.slug.invalid")
        .regex(SLUG_PATTERN, "organization.slug.invalid")
        .refine((s) => !RESERVED_SLUGS.has(s), "organization.slug.taken"),
    ),
  defaultLocale: z.enum(LOCALES, { error: "organization.locale.invalid" }),
  ownerEmail: z
    .string({ error: "email.invalid" })
    .transform((s) => s.trim().toLowerCase())
    .pipe(z.email("email.invalid").max(254, "email.invalid")),
});
export type NewOrganization = z.output<typeof newOrganizationSchema>;

export type CreateOrganizationResult =
  | { ok: true; organizationId: string; slug: string; mailed: boolean }
  | { ok: false; error: "forbidden" | "slug_taken" };

/**
 * Creates an organization and invites its first owner (INVITATION_DAYS). `by` is the platform
 * owner doing it, audited in both organizations; null only for the command-line bootstrap, which
 * may also mark the new organization as a platform organization.
 */
export async function createOrganization(
  input: NewOrganization,
  by: Actor | null,
  opts: { platformAdmin?: boolean } = {},
): Promise<CreateOrganizationResult> {
  const db = await getDb();
  if (by && !(await isPlatformOwner(by, db))) return { ok: false, error: "forbidden" };
  if (by && opts.platformAdmin) return { ok: false, error: "forbidden" };
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 24 * 3600_000);
  const result = await jobTransaction(async (tx): Promise<CreateOrganizationResult> => {
    const [org] = await tx
      .insert(organizations)
      .values({ name: input.name, slug: input.slug, defaultLocale: input.defaultLocale, isPlatformAdmin: opts.platformAdmin === true })
      .onConflictDoNothing({ target: organizations.slug })
      .returning({ id: organizations.id });
    if (!org) return { ok: false, error: "slug_taken" };
    // Its supporters' data key is made with it (decision 0027).
    await createOrganizationKey(tx, org.id);
    const [invitation] = await tx
      .insert(invitations)
      .values({
        organizationId: org.id,
        email: input.ownerEmail,
        role: "owner",
        tokenHash: hashToken(randomBytes(32).toString("base64url")),
        invitedBy: by?.userId ?? null,
        expiresAt,
      })
      .returning({ id: invitations.id });
    const detail = { name: input.name, slug: input.slug, ownerEmail: input.ownerEmail, platformAdmin: opts.platformAdmin === true };
    const actorUserId = by?.userId ?? null;
    // In the new organization's log, and in the platform organization's when done from the web.
    await recordAudit(tx, [
      { organizationId: org.id, actorUserId, action: "organization.create", targetType: "organization", targetId: org.id, detail },
      { organizationId: org.id, actorUserId, action: "member.invite", targetType: "invitation", targetId: invitation.id, detail: { email: input.ownerEmail, role: "owner", expiresAt: expiresAt.toISOString() } },
      ...(by ? [{ organizationId: by.organizationId, actorUserId, action: "organization.create", targetType: "organization", targetId: org.id, detail }] : []),
    ]);
    const mailed = (await queueInvitationMail(tx, org.id, input.ownerEmail, invitation.id)) === "queued";
    return { ok: true, organizationId: org.id, slug: input.slug, mailed };
  });
  return result;
}

export interface PlatformOrganization {
  id: string;
  name: string;
  slug: string;
  isPlatformAdmin: boolean;
  members: number;
  createdAt: Date;
  suspendedAt: Date | null;
  suspendedReason: string | null;
}

/** Every organization on the platform, for its owners (names and sizes, nothing about supporters). */
export async function listOrganizations(actor: Actor): Promise<PlatformOrganization[] | null> {
  const db = await getDb();
  if (!(await isPlatformOwner(actor, db))) return null;
  return db
    .select({
      id: organizations.id,
      name: organizations.name,
      slug: organizations.slug,
      isPlatformAdmin: organizations.isPlatformAdmin,
      members: sql<number>`(${db.select({ n: count() }).from(memberships).where(eq(memberships.organizationId, organizations.id))})::int`,
      createdAt: organizations.createdAt,
      suspendedAt: organizations.suspendedAt,
      suspendedReason: organizations.suspendedReason,
    })
    .from(organizations)
    .orderBy(asc(organizations.name));
}

export const suspensionReasonSchema = z
  .string()
  .optional()
  .transform((s) => (s ?? "").replace(/\s+/g, " ").trim())
  .pipe(z.string().min(3, "organization.suspension.reason").max(300, "organization.suspension.reason"));

export type SuspensionResult = { ok: true; name: string } | { ok: false; error: "forbidden" | "not_found" };

/**
 * Suspends (or reinstates) an organization: its campaigns disappear from the public site and take
 * no signatures, and its letters wait (lib/letters/deliver.ts) until it is reinstated; its members keep
 * their workspace and data. Platform organizations cannot be suspended from the web. Audited in
 * the platform organization's log and in the suspended organization's own.
 */
export async function setOrganizationSuspended(
  actor: Actor,
  organizationId: string,
  change: { suspend: true; reason: string } | { suspend: false },
): Promise<SuspensionResult> {
  const db = await getDb();
  if (!(await isPlatformOwner(actor, db))) return { ok: false, error: "forbidden" };
  if (!z.uuid().safeParse(organizationId).success) return { ok: false, error: "not_found" };
  const result = await db.transaction(async (tx): Promise<SuspensionResult> => {
    const [org] = await tx
      .update(organizations)
      .set(change.suspend ? { suspendedAt: sql`coalesce(${organizations.suspendedAt}, now())`, suspendedReason: change.reason } : { suspendedAt: null, suspendedReason: null })
      .where(and(eq(organizations.id, organizationId), eq(organizations.isPlatformAdmin, false)))
      .returning({ id: organizations.id, name: organizations.name });
    if (!org) return { ok: false, error: "not_found" };
    const action = change.suspend ? "organization.suspend" : "organization.reinstate";
    const detail = { name: org.name, ...(change.suspend ? { reason: change.reason } : {}) };
    await recordAudit(
      tx,
      [actor.organizationId, org.id].map((organizationId) => ({ organizationId, actorUserId: actor.userId, action, targetType: "organization", targetId: org.id, detail })),
    );
    return { ok: true, name: org.name };
  });
  if (result.ok) invalidatePublicCampaign();
  return result;
}
