import { and, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, invitations, organizations, users } from "@/db/schema";
import { DEMO_ORG_SLUG, DEMO_ORGANIZER_EMAIL, DEMO_OTHER_CAMPAIGN_SLUG, DEMO_OTHER_ORG_SLUG } from "@/db/seed";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { addMember, demoCampaign, lastMailTo } from "@/test/journey";
import { getPublicCampaign } from "@/lib/campaigns/public";
import { getDb } from "@/lib/server/db";
import { processAvailableJobs } from "@/lib/jobs/worker";
import { getOrganizationProfile } from "@/lib/organizer/settings";
import { acceptPendingInvitations, getActorForUser, mayRequestSignIn, type Actor } from "@/lib/organizer/organizations";
import { createOrganization, listOrganizations, newOrganizationSchema, setOrganizationSuspended, suspensionReasonSchema } from "./organizations";
import { createSignature, signInputSchema } from "@/lib/signing/sign";

let platformOwner: Actor;
let platformEditor: Actor;
let otherOwner: Actor;

beforeAll(async () => {
  await useFreshDatabase();
  await demoCampaign();
  const db = await getDb();
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_ORGANIZER_EMAIL));
  platformOwner = (await getActorForUser(u.id, DEMO_ORG_SLUG))!;
  const [demoOrg] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, DEMO_ORG_SLUG));
  const [other] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, DEMO_OTHER_ORG_SLUG));
  platformEditor = await addMember("platform-editor@a.example", demoOrg.id, DEMO_ORG_SLUG, "editor");
  otherOwner = await addMember("plain-owner@b.example", other.id, DEMO_OTHER_ORG_SLUG, "owner");
});
afterAll(resetRuntime);

const input = (v: Record<string, string> = {}) =>
  newOrganizationSchema.parse({ name: "Armenian Youth of Montréal", slug: "ay-montreal", defaultLocale: "fr", ownerEmail: "Chair@AY-Montreal.example", ...v });

describe("a platform owner opens the platform to a new group", () => {
  it("creates the organization, mails its first owner an invitation, and the invitee becomes its owner on signing in", async () => {
    const r = await createOrganization(input(), platformOwner);
    expect(r).toMatchObject({ ok: true, slug: "ay-montreal", mailed: true });
    await processAvailableJobs();
    const mail = await lastMailTo("chair@ay-montreal.example");
    expect(mail?.text).toContain("Armenian Youth of Montréal");
    expect(await mayRequestSignIn("chair@ay-montreal.example")).toBe(true);

    const db = await getDb();
    const [org] = await db.select().from(organizations).where(eq(organizations.slug, "ay-montreal"));
    expect(org).toMatchObject({ name: "Armenian Youth of Montréal", defaultLocale: "fr", isPlatformAdmin: false });
    // Audited where it happened and in the new organization's own log.
    for (const organizationId of [org.id, platformOwner.organizationId]) {
      const rows = await db.select().from(auditLog).where(and(eq(auditLog.organizationId, organizationId), eq(auditLog.action, "organization.create")));
      expect(rows).toHaveLength(1);
      expect(rows[0].actorUserId).toBe(platformOwner.userId);
    }
    // The invitee signs in (Auth.js creates the user, then accepts open invitations).
    const [u] = await db.insert(users).values({ email: "chair@ay-montreal.example" }).returning({ id: users.id });
    expect(await acceptPendingInvitations(u.id, "chair@ay-montreal.example")).toBe(1);
    expect(await getActorForUser(u.id, "ay-montreal")).toMatchObject({ role: "owner", organizationName: "Armenian Youth of Montréal" });
  });

  it("refuses a slug already taken or reserved by the organizer pages, and a bad owner address", async () => {
    expect(await createOrganization(input({ name: "Impostor" }), platformOwner)).toEqual({ ok: false, error: "slug_taken" });
    const bad = newOrganizationSchema.safeParse({ name: "x", slug: "sign-in", defaultLocale: "en", ownerEmail: "not an address" });
    expect(bad.success).toBe(false);
    const codes = Object.fromEntries((bad.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
    expect(codes).toEqual({ name: "organization.name.required", slug: "organization.slug.taken", ownerEmail: "email.invalid" });
    expect(newOrganizationSchema.safeParse({ ...input(), slug: "Has Spaces!" }).error?.issues[0].message).toBe("organization.slug.invalid");
  });
});

describe("nobody else creates organizations or sees the list", () => {
  it("refuses an editor of the platform organization and the owner of an ordinary one, and creates nothing", async () => {
    for (const actor of [platformEditor, otherOwner]) {
      expect(await createOrganization(input({ slug: "sneaky-group", ownerEmail: "x@evil.example" }), actor)).toEqual({ ok: false, error: "forbidden" });
      expect(await listOrganizations(actor)).toBeNull();
    }
    // A platform owner cannot mint another platform organization from the web either.
    expect(await createOrganization(input({ slug: "second-admin" }), platformOwner, { platformAdmin: true })).toEqual({ ok: false, error: "forbidden" });
    const db = await getDb();
    expect(await db.select().from(organizations).where(eq(organizations.slug, "sneaky-group"))).toHaveLength(0);
    expect(await db.select().from(invitations).where(eq(invitations.email, "x@evil.example"))).toHaveLength(0);
  });

  it("lists every organization, with its member count, to platform owners", async () => {
    const list = await listOrganizations(platformOwner);
    expect(list?.map((o) => o.slug)).toEqual(expect.arrayContaining([DEMO_ORG_SLUG, DEMO_OTHER_ORG_SLUG, "ay-montreal"]));
    expect(list?.find((o) => o.slug === "ay-montreal")?.members).toBe(1);
    expect(list?.find((o) => o.slug === DEMO_ORG_SLUG)?.isPlatformAdmin).toBe(true);
  });
});

describe("the first organization of a new install, from the command line", () => {
  it("may be a platform organization, invited like any other", async () => {
    const r = await createOrganization(input({ slug: "ops-team", name: "Platform operators", ownerEmail: "ops@platform.example" }), null, { platformAdmin: true });
    expect(r).toMatchObject({ ok: true, mailed: true });
    const db = await getDb();
    const [org] = await db.select().from(organizations).where(eq(organizations.slug, "ops-team"));
    expect(org.isPlatformAdmin).toBe(true);
    expect(await mayRequestSignIn("ops@platform.example")).toBe(true);
  });
});

describe("a platform owner suspends an organization that abuses the platform", () => {
  it("hides its campaigns, takes no signatures, tells its members why, and reinstating restores everything", async () => {
    const db = await getDb();
    const [other] = await db.select().from(organizations).where(eq(organizations.slug, DEMO_OTHER_ORG_SLUG));
    expect(await getPublicCampaign(DEMO_OTHER_CAMPAIGN_SLUG, "en")).not.toBeNull(); // cached: suspending must clear it
    expect(await setOrganizationSuspended(platformOwner, other.id, { suspend: true, reason: "Letters copied from a spam list" })).toEqual({ ok: true, name: other.name });

    expect(await getPublicCampaign(DEMO_OTHER_CAMPAIGN_SLUG, "en")).toBeNull();
    const parsed = signInputSchema.parse({ name: "Late Signer", email: "late@example.org", residency: "ally_abroad" });
    expect(await createSignature(parsed, { campaignSlug: DEMO_OTHER_CAMPAIGN_SLUG, locale: "en", ip: "203.0.113.9" })).toEqual({ ok: false, error: "campaign.notFound" });
    expect((await getOrganizationProfile(otherOwner)).suspended).toMatchObject({ reason: "Letters copied from a spam list" });
    for (const organizationId of [other.id, platformOwner.organizationId]) {
      const rows = await db.select().from(auditLog).where(and(eq(auditLog.organizationId, organizationId), eq(auditLog.action, "organization.suspend")));
      expect(rows).toHaveLength(1);
    }

    expect(await setOrganizationSuspended(platformOwner, other.id, { suspend: false })).toMatchObject({ ok: true });
    expect(await getPublicCampaign(DEMO_OTHER_CAMPAIGN_SLUG, "en")).not.toBeNull();
    expect((await getOrganizationProfile(otherOwner)).suspended).toBeNull();
  });

  it("cannot be done by anyone else, nor to a platform organization, nor with a made-up id", async () => {
    const db = await getDb();
    const [other] = await db.select().from(organizations).where(eq(organizations.slug, DEMO_OTHER_ORG_SLUG));
    for (const actor of [platformEditor, otherOwner]) {
      expect(await setOrganizationSuspended(actor, other.id, { suspend: true, reason: "hostile takeover" })).toEqual({ ok: false, error: "forbidden" });
    }
    expect(await setOrganizationSuspended(platformOwner, platformOwner.organizationId, { suspend: true, reason: "oops" })).toEqual({ ok: false, error: "not_found" });
    expect(await setOrganizationSuspended(platformOwner, "not-a-uuid", { suspend: true, reason: "oops" })).toEqual({ ok: false, error: "not_found" });
    const rows = await db.select({ slug: organizations.slug }).from(organizations).where(isNotNull(organizations.suspendedAt));
    expect(rows).toHaveLength(0);
    expect(suspensionReasonSchema.safeParse(" ").error?.issues[0].message).toBe("organization.suspension.reason");
  });
});
