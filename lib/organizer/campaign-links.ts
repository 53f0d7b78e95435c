import { and, asc, eq } from "drizzle-orm";
import QRCode from "qrcode";
import { z } from "zod";
import { campaignContent, campaignLinks, campaigns } from "@/db/schema";
import { embedSnippet, type EmbedSnippet } from "@/lib/campaigns/embed";
import { QR_SOURCE, SOURCE_PARAM, sourceTagSchema } from "@/lib/campaigns/sources";
import { paths } from "@/lib/paths";
import { getDb, type Db } from "@/lib/server/db";
import { publicUrl } from "@/lib/server/env";
import { may } from "./access";
import { recordAudit } from "./audit";
import type { Actor } from "./organizations";

/**
 * Tagged links to a campaign (`?src=newsletter-dec`) and their QR codes. Every member sees the
 * links and downloads the codes (they hold nothing about anyone); owners and editors create them,
 * each creation audited. Another organization's campaign is a campaign that does not exist.
 */

export const campaignLinkSchema = z.object({
  label: z
    .string({ error: "label.required" })
    .transform((s) => s.replace(/\s+/g, " ").trim())
    .pipe(z.string().min(1, "label.required").max(100, "label.tooLong")),
  source: sourceTagSchema,
});
export type CampaignLinkInput = z.output<typeof campaignLinkSchema>;

export interface CampaignLink {
  id: string;
  label: string;
  source: string;
  url: string;
  createdAt: Date;
}

export interface CampaignLinks {
  /** The campaign's own address, untagged, and the tag its QR code carries. */
  url: string;
  qrSource: string;
  links: CampaignLink[];
  /** The snippet partner sites paste to show the sign form (docs/decisions/0031-embeddable-sign-form.md). */
  embed: EmbedSnippet;
}

const idSchema = z.uuid();

type CampaignRef = { id: string; slug: string; locale: string };

/** The campaign, when it is the actor's organization's. */
async function findCampaign(db: Db, actor: Actor, campaignId: string): Promise<CampaignRef | null> {
  if (!idSchema.safeParse(campaignId).success) return null;
  const [c] = await db
    .select({ id: campaigns.id, slug: campaigns.slug, locales: campaigns.locales })
    .from(campaigns)
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.organizationId, actor.organizationId)));
  // Links open the campaign in its first language; its page offers the others.
  return c ? { id: c.id, slug: c.slug, locale: c.locales[0] ?? "en" } : null;
}

/** The full address a tag stands for: the public campaign page with `?src=`. */
function linkUrl(c: CampaignRef, source: string | null): string {
  return `${publicUrl()}${paths.campaign(c.locale, c.slug, source ? { [SOURCE_PARAM]: source } : undefined)}`;
}

/** The campaign's link and its named links, oldest first; null when the campaign is not the actor's. */
export async function listCampaignLinks(actor: Actor, campaignId: string): Promise<CampaignLinks | null> {
  if (!may(actor, "dashboard.read")) return null;
  const db = await getDb();
  const c = await findCampaign(db, actor, campaignId);
  if (!c) return null;
  const rows = await db
    .select({ id: campaignLinks.id, label: campaignLinks.label, source: campaignLinks.source, createdAt: campaignLinks.createdAt })
    .from(campaignLinks)
    .where(eq(campaignLinks.campaignId, c.id))
    .orderBy(asc(campaignLinks.createdAt), asc(campaignLinks.source));
  // The frame is named by the campaign's title in the language it opens in.
  const [content] = await db
    .select({ title: campaignContent.title })
    .from(campaignContent)
    .where(and(eq(campaignContent.campaignId, c.id), eq(campaignContent.locale, c.locale)));
  return {
    url: linkUrl(c, null),
    qrSource: QR_SOURCE,
    links: rows.map((r) => ({ ...r, url: linkUrl(c, r.source) })),
    embed: embedSnippet({ base: publicUrl(), locale: c.locale, slug: c.slug, title: content?.title ?? c.slug }),
  };
}

export type CreateCampaignLinkResult = { ok: true; link: CampaignLink } | { ok: false; error: "forbidden" | "not_found" | "source.taken" };

/** A named link for the campaign, with its audit row, in one transaction. A tag is used once per campaign. */
export async function createCampaignLink(actor: Actor, campaignId: string, input: CampaignLinkInput): Promise<CreateCampaignLinkResult> {
  if (!may(actor, "campaigns.edit")) return { ok: false, error: "forbidden" };
  const db = await getDb();
  const c = await findCampaign(db, actor, campaignId);
  if (!c) return { ok: false, error: "not_found" };
  // The campaign's own QR code already carries this tag.
  if (input.source === QR_SOURCE) return { ok: false, error: "source.taken" };
  return db.transaction(async (tx): Promise<CreateCampaignLinkResult> => {
    const [row] = await tx
      .insert(campaignLinks)
      .values({ campaignId: c.id, source: input.source, label: input.label, createdBy: actor.userId })
      .onConflictDoNothing()
      .returning({ id: campaignLinks.id, label: campaignLinks.label, source: campaignLinks.source, createdAt: campaignLinks.createdAt });
    if (!row) return { ok: false, error: "source.taken" };
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: "campaign_link.create",
      targetType: "campaign",
      targetId: c.id,
      detail: { label: row.label, source: row.source },
    });
    return { ok: true, link: { ...row, url: linkUrl(c, row.source) } };
  });
}

export const QR_FORMATS = ["svg", "png"] as const;
export type QrFormat = (typeof QR_FORMATS)[number];

export const qrRequestSchema = z.object({
  format: z.enum(QR_FORMATS),
  src: sourceTagSchema.optional(),
});

export interface QrCodeFile {
  body: string | Uint8Array;
  contentType: string;
  filename: string;
  url: string;
}

/**
 * A QR code for the campaign's link tagged `source` (its own `qr` tag, or one of its named links'),
 * as SVG (for print) or a 1024-pixel PNG. Null when the campaign is not the actor's organization's
 * or the tag is none of the campaign's. Error correction M: a poster's code still reads when
 * a little of it is torn or smudged.
 */
export async function getCampaignQrCode(actor: Actor, campaignId: string, source: string | undefined, format: QrFormat): Promise<QrCodeFile | null> {
  if (!may(actor, "dashboard.read")) return null;
  const db = await getDb();
  const c = await findCampaign(db, actor, campaignId);
  if (!c) return null;
  const tag = source ?? QR_SOURCE;
  if (tag !== QR_SOURCE) {
    const [link] = await db
      .select({ id: campaignLinks.id })
      .from(campaignLinks)
      .where(and(eq(campaignLinks.campaignId, c.id), eq(campaignLinks.source, tag)));
    if (!link) return null;
  }
  const url = linkUrl(c, tag);
  const options = { errorCorrectionLevel: "M" as const, margin: 4 };
  const filename = `${c.slug}-${tag}.${format}`;
  if (format === "svg") return { body: await QRCode.toString(url, { ...options, type: "svg" }), contentType: "image/svg+xml", filename, url };
  return { body: await QRCode.toBuffer(url, { ...options, type: "png", width: 1024 }), contentType: "image/png", filename, url };
}
