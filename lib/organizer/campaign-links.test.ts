import { and, eq } from "drizzle-orm";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, campaignContent, organizations } from "@/db/schema";
import { DEMO_ORGANIZER_EMAIL, DEMO_OTHER_OWNER_EMAIL, DEMO_OTHER_ORG_SLUG } from "@/db/seed";
import { getDb } from "@/lib/server/db";
import { publicUrl } from "@/lib/server/env";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { actorByEmail, addMember, demoCampaign } from "@/test/journey";
import { campaignLinkSchema, createCampaignLink, getCampaignQrCode, listCampaignLinks } from "./campaign-links";
import { type Actor } from "./organizations";

let demo: Awaited<ReturnType<typeof demoCampaign>>;
let owner: Actor;
let editor: Actor;
let viewer: Actor;
let stranger: Actor;


function decodeQr(png: Uint8Array): string | null {
  const image = PNG.sync.read(Buffer.from(png));
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

beforeAll(async () => {
  await useFreshDatabase();
  demo = await demoCampaign();
  const db = await getDb();
  const [org] = await db.select({ slug: organizations.slug }).from(organizations).where(eq(organizations.id, demo.organizationId));
  owner = await actorByEmail(DEMO_ORGANIZER_EMAIL, org.slug);
  editor = await addMember("editor@links.example", demo.organizationId, org.slug, "editor");
  viewer = await addMember("viewer@links.example", demo.organizationId, org.slug, "viewer");
  stranger = await actorByEmail(DEMO_OTHER_OWNER_EMAIL, DEMO_OTHER_ORG_SLUG);
});
afterAll(resetRuntime);

describe("an organizer makes a named link for a newsletter", () => {
  it("an editor creates “Newsletter, December” → newsletter-dec; it is listed with its full address and the creation is audited", async () => {
    const input = campaignLinkSchema.parse({ label: "  Newsletter,   December ", source: "Newsletter-Dec" });
    const r = await createCampaignLink(editor, demo.id, input);
    if (!r.ok) throw new Error(r.error);
    const url = `${publicUrl()}/en/campaigns/${demo.slug}?src=newsletter-dec`;
    expect(r.link).toMatchObject({ label: "Newsletter, December", source: "newsletter-dec", url });
    const list = await listCampaignLinks(viewer, demo.id);
    expect(list?.url).toBe(`${publicUrl()}/en/campaigns/${demo.slug}`);
    expect(list?.links.map((l) => [l.label, l.url])).toEqual([["Newsletter, December", url]]);
    // Every member also sees the snippet that frames the sign form, named by the campaign's title.
    const [content] = await (await getDb()).select({ title: campaignContent.title }).from(campaignContent).where(and(eq(campaignContent.campaignId, demo.id), eq(campaignContent.locale, "en")));
    expect(list?.embed.frameUrl).toBe(`${publicUrl()}/en/campaigns/${demo.slug}/embed`);
    expect(list?.embed.html).toContain(`<iframe src="${publicUrl()}/en/campaigns/${demo.slug}/embed" title="${content.title}"`);
    expect(list?.embed.html).toContain(`<script src="${publicUrl()}/embed.js" async></script>`);
    const db = await getDb();
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.action, "campaign_link.create"), eq(auditLog.targetId, demo.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ organizationId: demo.organizationId, actorUserId: editor.userId, detail: { label: "Newsletter, December", source: "newsletter-dec" } });
  });

  it("a tag is used once per campaign (the QR code's own tag included), and a viewer cannot create links", async () => {
    expect(await createCampaignLink(owner, demo.id, { label: "Again", source: "newsletter-dec" })).toEqual({ ok: false, error: "source.taken" });
    expect(await createCampaignLink(owner, demo.id, { label: "Poster", source: "qr" })).toEqual({ ok: false, error: "source.taken" });
    expect(await createCampaignLink(viewer, demo.id, { label: "Mine", source: "viewer-link" })).toEqual({ ok: false, error: "forbidden" });
    expect(campaignLinkSchema.safeParse({ label: "", source: "ok" }).error?.issues[0].message).toBe("label.required");
  });

  it("its QR code, PNG and SVG, encodes the tagged address; the campaign's own code carries ?src=qr", async () => {
    const png = await getCampaignQrCode(viewer, demo.id, "newsletter-dec", "png");
    expect(png?.contentType).toBe("image/png");
    expect(decodeQr(png!.body as Uint8Array)).toBe(`${publicUrl()}/en/campaigns/${demo.slug}?src=newsletter-dec`);
    const own = await getCampaignQrCode(owner, demo.id, undefined, "png");
    expect(decodeQr(own!.body as Uint8Array)).toBe(`${publicUrl()}/en/campaigns/${demo.slug}?src=qr`);
    const svg = await getCampaignQrCode(owner, demo.id, "newsletter-dec", "svg");
    expect(svg).toMatchObject({ contentType: "image/svg+xml", filename: `${demo.slug}-newsletter-dec.svg` });
    expect(String(svg!.body)).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(await getCampaignQrCode(owner, demo.id, "never-made", "png")).toBeNull();
  });

  it("another organization's member sees, creates and downloads nothing for this campaign", async () => {
    expect(await listCampaignLinks(stranger, demo.id)).toBeNull();
    expect(await createCampaignLink(stranger, demo.id, { label: "Theirs", source: "theirs" })).toEqual({ ok: false, error: "not_found" });
    expect(await getCampaignQrCode(stranger, demo.id, undefined, "png")).toBeNull();
    expect(await getCampaignQrCode(stranger, demo.id, "newsletter-dec", "svg")).toBeNull();
    expect(await listCampaignLinks(owner, "not-a-uuid")).toBeNull();
  });
});
