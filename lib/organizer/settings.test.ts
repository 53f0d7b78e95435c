import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, organizations } from "@/db/schema";
import { DEMO_OTHER_CAMPAIGN_SLUG, DEMO_OTHER_ORG_SLUG } from "@/db/seed";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { addMember, demoCampaign, uniqueEmail } from "@/test/journey";
import { getPublicCampaign } from "@/lib/campaigns/public";
import { getDb } from "@/lib/server/db";
import { checkLogo, embedOrigin, exportSettingsSchema, getExportSettings, getOrganizationLogo, getOrganizationProfile, organizationProfileSchema, updateExportSettings, updateOrganizationProfile } from "./settings";
import { EMBED_DOCUMENT_CSP, embedDocumentCsp } from "@/lib/server/csp";
import { type Actor } from "./organizations";

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>');

let demo: Awaited<ReturnType<typeof demoCampaign>>;
let orgSlug: string;
let owner: Actor;
let editor: Actor;
let viewer: Actor;

beforeAll(async () => {
  await useFreshDatabase();
  demo = await demoCampaign();
  const db = await getDb();
  orgSlug = (await db.select({ slug: organizations.slug }).from(organizations).where(eq(organizations.id, demo.organizationId)))[0].slug;
  owner = await addMember("profile-owner@a.example", demo.organizationId, orgSlug, "owner");
  editor = await addMember("profile-editor@a.example", demo.organizationId, orgSlug, "editor");
  viewer = await addMember("profile-viewer@a.example", demo.organizationId, orgSlug, "viewer");
});
afterAll(resetRuntime);

const form = (v: Record<string, string>) => organizationProfileSchema.parse({ name: "Northern Lights Coalition", contactEmail: "", defaultLocale: "en", ...v });

describe("an owner edits the organization's settings", () => {
  it("changes the name, contact address and language, audited, and the public campaign page shows them at once", async () => {
    await getPublicCampaign(demo.slug, "en"); // cached on this instance: the save must clear it
    const r = await updateOrganizationProfile(owner, form({ name: "Northern  Lights\nCoalition", contactEmail: " privacy@northern.example ", defaultLocale: "fr" }), null);
    expect(r).toEqual({ ok: true });
    expect(await getOrganizationProfile(owner)).toMatchObject({ name: "Northern Lights Coalition", contactEmail: "privacy@northern.example", defaultLocale: "fr", logoPath: null });
    const page = await getPublicCampaign(demo.slug, "en");
    expect(page?.organization).toMatchObject({ name: "Northern Lights Coalition", contactEmail: "privacy@northern.example" });
    const db = await getDb();
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, demo.organizationId), eq(auditLog.action, "organization.update")));
    expect(audit.actorUserId).toBe(owner.userId);
    expect(audit.detail).toMatchObject({ changed: expect.arrayContaining(["name", "contactEmail", "defaultLocale"]) });
  });

  it("uploads a PNG logo that the site serves and the campaign page shows, then removes it", async () => {
    const logo = checkLogo(new Uint8Array(PNG));
    expect(logo.ok).toBe(true);
    if (!logo.ok) return;
    await updateOrganizationProfile(owner, form({}), logo);
    const served = await getOrganizationLogo(orgSlug);
    expect(served?.type).toBe("image/png");
    expect(Buffer.compare(served!.bytes, PNG)).toBe(0);
    const path = (await getPublicCampaign(demo.slug, "en"))?.organization.logoPath;
    expect(path).toMatch(new RegExp(`^/api/organizations/${orgSlug}/logo\\?v=`));
    // Saving again without a file keeps it; ticking "remove" drops it.
    await updateOrganizationProfile(owner, form({}), null);
    expect(await getOrganizationLogo(orgSlug)).not.toBeNull();
    await updateOrganizationProfile(owner, form({ removeLogo: "on" }), null);
    expect(await getOrganizationLogo(orgSlug)).toBeNull();
    expect((await getOrganizationProfile(owner)).logoPath).toBeNull();
  });

  it("refuses an SVG (it can carry scripts), a file that only claims to be an image, and one over 100 kB", () => {
    expect(checkLogo(new Uint8Array(SVG))).toEqual({ ok: false, error: "organization.logo.type" });
    expect(checkLogo(new TextEncoder().encode("GIF89a not really"))).toEqual({ ok: false, error: "organization.logo.type" });
    const big = new Uint8Array(100 * 1024 + 1);
    big.set(PNG.subarray(0, 8));
    expect(checkLogo(big)).toEqual({ ok: false, error: "organization.logo.tooLarge" });
  });

  it("lists the sites that may frame the sign forms: their origins, https only (loopback aside), and the embed's policy names them alone", async () => {
    expect(embedOrigin("partner.example/petition?x=1")).toBe("https://partner.example");
    expect(embedOrigin("https://Partner.Example:8443/")).toBe("https://partner.example:8443");
    expect(embedOrigin("http://localhost:3000")).toBe("http://localhost:3000");
    for (const bad of ["http://partner.example", "javascript:alert(1)", "https://user:pw@partner.example", "https://intranet", "data:text/html,x", "https://*.example"]) expect(embedOrigin(bad), bad).toBeNull();
    const r = await updateOrganizationProfile(owner, form({ embedSites: "https://partner.example/page\npartner.example, https://ally.example.org" }), null);
    expect(r).toEqual({ ok: true });
    expect((await getOrganizationProfile(owner)).embedSites).toEqual(["https://partner.example", "https://ally.example.org"]);
    const page = await getPublicCampaign(demo.slug, "en");
    const ancestors = embedDocumentCsp(page!.organization.embedSites).split("; ").find((d) => d.startsWith("frame-ancestors"));
    expect(ancestors).toBe("frame-ancestors https://partner.example https://ally.example.org");
    // Emptied: any https site again.
    await updateOrganizationProfile(owner, form({ embedSites: "" }), null);
    expect(embedDocumentCsp((await getPublicCampaign(demo.slug, "en"))!.organization.embedSites)).toBe(EMBED_DOCUMENT_CSP);
    expect(organizationProfileSchema.safeParse({ name: "Group", defaultLocale: "en", embedSites: "http://partner.example" }).error?.issues[0].message).toBe("organization.embedSites.invalid");
  });

  it("explains a bad address, an empty name or an unknown language with a code per field", () => {
    const r = organizationProfileSchema.safeParse({ name: " ", contactEmail: "not an address", defaultLocale: "de" });
    expect(r.success).toBe(false);
    const codes = Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
    expect(codes).toEqual({ name: "organization.name.required", contactEmail: "email.invalid", defaultLocale: "organization.locale.invalid" });
  });
});

describe("only owners change the settings, and only their own organization's", () => {
  it("refuses editors and viewers, and changes nothing", async () => {
    const before = await getOrganizationProfile(owner);
    for (const a of [editor, viewer]) {
      expect(await updateOrganizationProfile(a, form({ name: "Hijacked", contactEmail: "x@evil.example" }), null)).toEqual({ ok: false, error: "forbidden" });
    }
    expect(await getOrganizationProfile(owner)).toEqual(before);
  });

  it("never reaches another organization, whatever is posted", async () => {
    const db = await getDb();
    const [other] = await db.select().from(organizations).where(eq(organizations.slug, DEMO_OTHER_ORG_SLUG));
    // Extra fields in the form (an organization id, a slug) are not part of the schema.
    const input = organizationProfileSchema.parse({ name: "Renamed", defaultLocale: "en", organizationId: other.id, slug: DEMO_OTHER_ORG_SLUG });
    await updateOrganizationProfile(owner, input, null);
    const [after] = await db.select().from(organizations).where(eq(organizations.slug, DEMO_OTHER_ORG_SLUG));
    expect(after).toEqual(other);
    expect((await getPublicCampaign(DEMO_OTHER_CAMPAIGN_SLUG, "en"))?.organization.name).toBe(other.name);
    expect((await getOrganizationProfile(owner)).name).toBe("Renamed");
  });
});

describe("exports and anonymisation settings", () => {
  const codes = (input: Record<string, string>) => {
    const r = exportSettingsSchema.safeParse(input);
    return r.success ? null : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
  };

  it("reads a ticked box as on and a whole number of months from 1 to 60, and explains anything else", () => {
    expect(exportSettingsSchema.parse({ exportApprovalRequired: "on", retentionMonths: " 12 " })).toEqual({ exportApprovalRequired: true, retentionMonths: 12 });
    expect(exportSettingsSchema.parse({ retentionMonths: "1" })).toEqual({ exportApprovalRequired: false, retentionMonths: 1 });
    expect(exportSettingsSchema.parse({ exportApprovalRequired: "", retentionMonths: "60" })).toEqual({ exportApprovalRequired: false, retentionMonths: 60 });
    for (const bad of ["0", "61", "", "six", "6.5", "-3", "1e1", "600"]) expect(codes({ retentionMonths: bad }), bad).toEqual({ retentionMonths: "retention.months" });
    expect(codes({})).toEqual({ retentionMonths: "retention.months" });
  });

  it("starts at six months without approval, and only owners read or change it", async () => {
    expect(await getExportSettings(owner)).toMatchObject({ exportApprovalRequired: false, retentionMonths: 6 });
    expect(await getExportSettings(editor)).toBeNull();
    for (const a of [editor, viewer]) expect(await updateExportSettings(a, { exportApprovalRequired: false, retentionMonths: 24 })).toEqual({ ok: false, error: "forbidden" });
    expect(await getExportSettings(owner)).toMatchObject({ retentionMonths: 6 });
  });

  it("changes the retention period with an audit row naming before and after, and never another organization's", async () => {
    const db = await getDb();
    const [other] = await db.select().from(organizations).where(eq(organizations.slug, DEMO_OTHER_ORG_SLUG));
    expect(await updateExportSettings(owner, { exportApprovalRequired: false, retentionMonths: 18 })).toEqual({ ok: true, changed: ["retentionMonths"], approvalTurnedOff: false });
    expect(await getExportSettings(owner)).toMatchObject({ retentionMonths: 18 });
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, demo.organizationId), eq(auditLog.action, "organization.update")))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(audit).toMatchObject({ actorUserId: owner.userId, detail: { changed: ["retentionMonths"], retentionMonths: { from: 6, to: 18 } } });
    expect((await db.select().from(organizations).where(eq(organizations.slug, DEMO_OTHER_ORG_SLUG)))[0]).toEqual(other);
    // Saving the same values again changes nothing and records nothing.
    const before = (await db.select().from(auditLog).where(eq(auditLog.organizationId, demo.organizationId))).length;
    expect(await updateExportSettings(owner, { exportApprovalRequired: false, retentionMonths: 18 })).toEqual({ ok: true, changed: [], approvalTurnedOff: false });
    expect((await db.select().from(auditLog).where(eq(auditLog.organizationId, demo.organizationId))).length).toBe(before);
  });

  it("refuses to require approval while the organization has a single owner, and allows it with two", async () => {
    const db = await getDb();
    const [solo] = await db.insert(organizations).values({ name: "Solo Group", slug: "solo-group" }).returning({ id: organizations.id });
    const only = await addMember(uniqueEmail("solo-owner"), solo.id, "solo-group", "owner");
    expect((await getExportSettings(only))?.owners).toBe(1);
    expect(await updateExportSettings(only, { exportApprovalRequired: true, retentionMonths: 12 })).toEqual({ ok: false, error: "needs_two_owners" });
    // Nothing was saved, the months included, and nothing was recorded.
    expect(await getExportSettings(only)).toMatchObject({ exportApprovalRequired: false, retentionMonths: 6 });
    expect(await db.select().from(auditLog).where(eq(auditLog.organizationId, solo.id))).toHaveLength(0);

    await addMember(uniqueEmail("co-owner"), solo.id, "solo-group", "owner");
    expect(await updateExportSettings(only, { exportApprovalRequired: true, retentionMonths: 12 })).toEqual({ ok: true, changed: ["exportApprovalRequired", "retentionMonths"], approvalTurnedOff: false });
    expect(await getExportSettings(only)).toMatchObject({ exportApprovalRequired: true, retentionMonths: 12, owners: 2 });
    const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.organizationId, solo.id), eq(auditLog.action, "organization.update")));
    expect(audit).toMatchObject({ actorUserId: only.userId, detail: { exportApprovalRequired: { from: false, to: true }, retentionMonths: { from: 6, to: 12 } } });
  });
});
