import { and, eq, isNull, sql } from "drizzle-orm";
import { may } from "./access";
import { z } from "zod";
import { campaigns, memberships, organizations } from "@/db/schema";
import { enqueueInTx, jobTransaction, QUEUES } from "@/lib/jobs/queue";
import { invalidatePublicCampaign, logoPath } from "@/lib/campaigns/public";
import { getDb } from "@/lib/server/db";
import { LOCALES, type Locale } from "@/lib/i18n/config";
import type { Actor } from "./organizations";
import { recordAudit } from "./audit";

/**
 * An organization's public profile: its name, logo, contact address and working language. Every
 * member reads it; only owners change it, with an audit row. The logo is stored in the database
 * and served from this site (see db/schema.ts), so a campaign page loads nothing from elsewhere.
 */
export const LOGO_MAX_BYTES = 100 * 1024;
export const LOGO_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

export interface OrganizationProfile {
  name: string;
  slug: string;
  contactEmail: string | null;
  /** Printed at the foot of every update to supporters (CASL). */
  mailingAddress: string | null;
  /** The sites that may frame its sign forms (none: any https site). */
  embedSites: string[];
  defaultLocale: Locale;
  /** The logo's address on this site (changes with each upload), or null. */
  logoPath: string | null;
  /** Set while a platform owner has suspended the organization, with their reason. */
  suspended: { at: Date; reason: string | null } | null;
}

export async function getOrganizationProfile(actor: Actor): Promise<OrganizationProfile> {
  const db = await getDb();
  const [o] = await db
    .select({
      name: organizations.name,
      slug: organizations.slug,
      contactEmail: organizations.contactEmail,
      mailingAddress: organizations.mailingAddress,
      embedSites: organizations.embedSites,
      defaultLocale: organizations.defaultLocale,
      logoUpdatedAt: organizations.logoUpdatedAt,
      suspendedAt: organizations.suspendedAt,
      suspendedReason: organizations.suspendedReason,
    })
    .from(organizations)
    .where(eq(organizations.id, actor.organizationId));
  return {
    name: o.name,
    slug: o.slug,
    contactEmail: o.contactEmail,
    mailingAddress: o.mailingAddress,
    embedSites: o.embedSites,
    defaultLocale: (LOCALES as readonly string[]).includes(o.defaultLocale) ? (o.defaultLocale as Locale) : "en",
    logoPath: logoPath(o.slug, o.logoUpdatedAt),
    suspended: o.suspendedAt ? { at: o.suspendedAt, reason: o.suspendedReason } : null,
  };
}

/** Sites an organization may list as allowed to frame its sign forms. */
export const EMBED_SITES_MAX = 20;

/**
 * A site's origin as a frame-ancestors source: https with a host name (and a port), or loopback
 * over http for local development. A path or a query is dropped; anything else is refused.
 */
export function embedOrigin(typed: string): string | null {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? typed : `https://${typed}`);
  } catch {
    return null;
  }
  const loopback = url.hostname === "localhost" || url.hostname === "127.0.0.1";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) return null;
  if (url.username || url.password || !/^[a-z0-9.-]+$/.test(url.hostname) || !url.hostname.includes(".") && !loopback) return null;
  return url.origin;
}

/** An organization's name, on one line (settings and new organizations alike). */
export const organizationNameSchema = z
  .string({ error: "organization.name.required" })
  .transform((s) => s.replace(/\s+/g, " ").trim())
  .pipe(z.string().min(2, "organization.name.required").max(120, "organization.name.tooLong"));

/** The settings form's text fields. Messages are i18n codes. */
export const organizationProfileSchema = z.object({
  name: organizationNameSchema,
  contactEmail: z
    .string()
    .optional()
    .transform((s) => (s ?? "").trim())
    .pipe(z.union([z.literal(""), z.email("email.invalid").max(254, "email.invalid")]))
    .transform((s) => s || null),
  mailingAddress: z
    .string()
    .optional()
    // Lines kept (an address is several), each trimmed, blank lines and control characters dropped.
    .transform((s) =>
      (s ?? "")
        .split(/\r?\n/)
        .map((l) => l.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim())
        .filter(Boolean)
        .join("\n"),
    )
    .pipe(z.string().max(300, "organization.mailingAddress.tooLong"))
    .transform((s) => s || null),
  embedSites: z
    .string()
    .optional()
    .transform((s, ctx) => {
      const sites: string[] = [];
      for (const line of (s ?? "").split(/[\s,]+/).filter(Boolean)) {
        const origin = embedOrigin(line);
        if (!origin) {
          ctx.addIssue({ code: "custom", message: "organization.embedSites.invalid" });
          return z.NEVER;
        }
        if (!sites.includes(origin)) sites.push(origin);
      }
      if (sites.length > EMBED_SITES_MAX) {
        ctx.addIssue({ code: "custom", message: "organization.embedSites.tooMany" });
        return z.NEVER;
      }
      return sites;
    }),
  defaultLocale: z.enum(LOCALES, { error: "organization.locale.invalid" }),
  removeLogo: z
    .string()
    .optional()
    .transform((s) => s === "on"),
});
export type OrganizationProfileInput = z.output<typeof organizationProfileSchema>;

/**
 * What an uploaded file is, judged by its first bytes (never by its name or the browser's claim):
 * PNG, JPEG or WebP. SVG is refused: it can carry scripts.
 */
export function sniffLogo(bytes: Uint8Array): LogoType | null {
  const starts = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  return null;
}

/** An uploaded logo checked for size and kind: the bytes and their type, or an i18n error code. */
export function checkLogo(bytes: Uint8Array): { ok: true; type: LogoType; bytes: Uint8Array } | { ok: false; error: "organization.logo.tooLarge" | "organization.logo.type" } {
  if (bytes.byteLength > LOGO_MAX_BYTES) return { ok: false, error: "organization.logo.tooLarge" };
  const type = sniffLogo(bytes);
  if (!type) return { ok: false, error: "organization.logo.type" };
  return { ok: true, type, bytes };
}

export type UpdateProfileResult = { ok: true } | { ok: false; error: "forbidden" };

/**
 * Saves the profile of the actor's own organization (never another: the id comes from the
 * membership), with an audit row naming what changed, and drops this instance's cached campaign
 * pages so the new name and contact show at once.
 */
/**
 * The settings form: the profile plus an optional uploaded logo. An empty file input still posts a
 * nameless, empty file: that means "keep the logo" (null).
 */
export const settingsFormSchema = organizationProfileSchema.extend({
  logo: z.unknown().transform(async (file, ctx) => {
    if (!(file instanceof File) || file.size === 0) return null;
    const checked = checkLogo(new Uint8Array(await file.arrayBuffer()));
    if (checked.ok) return { type: checked.type, bytes: checked.bytes };
    ctx.addIssue({ code: "custom", message: checked.error });
    return z.NEVER;
  }),
});

export async function updateOrganizationProfile(
  actor: Actor,
  input: OrganizationProfileInput,
  logo: { type: LogoType; bytes: Uint8Array } | null,
): Promise<UpdateProfileResult> {
  if (!may(actor, "settings.edit")) return { ok: false, error: "forbidden" };
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ name: organizations.name, contactEmail: organizations.contactEmail, mailingAddress: organizations.mailingAddress, embedSites: organizations.embedSites, defaultLocale: organizations.defaultLocale, hasLogo: sql<boolean>`${organizations.logoData} is not null` })
      .from(organizations)
      .where(eq(organizations.id, actor.organizationId))
      .for("update");
    const logoChange = logo
      ? { logoType: logo.type, logoData: Buffer.from(logo.bytes).toString("base64"), logoUpdatedAt: sql`now()` }
      : input.removeLogo
        ? { logoType: null, logoData: null, logoUpdatedAt: null }
        : {};
    await tx
      .update(organizations)
      .set({ name: input.name, contactEmail: input.contactEmail, mailingAddress: input.mailingAddress, embedSites: input.embedSites, defaultLocale: input.defaultLocale, ...logoChange })
      .where(eq(organizations.id, actor.organizationId));
    const changed = [
      before.name !== input.name ? "name" : null,
      before.contactEmail !== input.contactEmail ? "contactEmail" : null,
      before.mailingAddress !== input.mailingAddress ? "mailingAddress" : null,
      before.embedSites.join(" ") !== input.embedSites.join(" ") ? "embedSites" : null,
      before.defaultLocale !== input.defaultLocale ? "defaultLocale" : null,
      logo ? "logo" : input.removeLogo && before.hasLogo ? "logoRemoved" : null,
    ].filter((x): x is string => x !== null);
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: "organization.update",
      targetType: "organization",
      targetId: actor.organizationId,
      detail: { changed, name: input.name },
    });
  });
  invalidatePublicCampaign();
  return { ok: true };
}

/** A logo for the public route: anyone may fetch it (it is shown on public pages). */
export async function getOrganizationLogo(slug: string): Promise<{ type: string; bytes: Buffer } | null> {
  const db = await getDb();
  const [o] = await db.select({ type: organizations.logoType, data: organizations.logoData }).from(organizations).where(eq(organizations.slug, slug));
  if (!o?.type || !o.data || !(LOGO_TYPES as readonly string[]).includes(o.type)) return null;
  return { type: o.type, bytes: Buffer.from(o.data, "base64") };
}

/* ------------------------------------------------------------------ exports and anonymisation */

/** How long after a campaign closes its supporters are anonymised (lib/privacy/retention.ts), in months. */
export const RETENTION_MONTHS_MIN = 1;
export const RETENTION_MONTHS_MAX = 60;

/**
 * The settings form's second part: whether every export waits for a second owner (decision 0025)
 * and the retention period. A ticked box posts "on"; the months are a whole number typed as text.
 */
export const exportSettingsSchema = z.object({
  exportApprovalRequired: z
    .string()
    .optional()
    .transform((s) => s === "on"),
  retentionMonths: z
    .string({ error: "retention.months" })
    .trim()
    .regex(/^\d{1,3}$/, "retention.months")
    .transform(Number)
    .pipe(z.number().int().min(RETENTION_MONTHS_MIN, "retention.months").max(RETENTION_MONTHS_MAX, "retention.months")),
});
export type ExportSettingsInput = z.output<typeof exportSettingsSchema>;

export interface ExportSettings {
  exportApprovalRequired: boolean;
  retentionMonths: number;
  owners: number;
}

/** Owners only (null otherwise). */
export async function getExportSettings(actor: Actor): Promise<ExportSettings | null> {
  if (!may(actor, "settings.edit")) return null;
  const db = await getDb();
  const [o] = await db
    .select({ exportApprovalRequired: organizations.exportApprovalRequired, retentionMonths: organizations.retentionMonths })
    .from(organizations)
    .where(eq(organizations.id, actor.organizationId));
  const [owners] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.organizationId, actor.organizationId), eq(memberships.role, "owner")));
  return { exportApprovalRequired: o.exportApprovalRequired, retentionMonths: o.retentionMonths, owners: owners?.n ?? 0 };
}

export type UpdateExportSettingsResult =
  | { ok: true; changed: ("exportApprovalRequired" | "retentionMonths")[]; approvalTurnedOff: boolean }
  | { ok: false; error: "forbidden" | "needs_two_owners" };

/**
 * Saves both settings of the actor's own organization with one audit row naming each change
 * (before and after). Turning approval on needs a second owner to approve anything: with fewer
 * than two owners it is refused. Turning it off is one owner's act, like removing a member
 * (decision 0025): it takes effect at once, and every other owner is emailed (a job in the same
 * transaction), so it cannot pass unnoticed. The owners' rows are locked as members.ts locks them,
 * so an owner demoted at the same moment cannot slip under the count.
 */
export async function updateExportSettings(actor: Actor, input: ExportSettingsInput): Promise<UpdateExportSettingsResult> {
  if (!may(actor, "settings.edit")) return { ok: false, error: "forbidden" };
  const { exportApprovalRequired, retentionMonths } = input;
  return jobTransaction(async (tx): Promise<UpdateExportSettingsResult> => {
    const [before] = await tx
      .select({ exportApprovalRequired: organizations.exportApprovalRequired, retentionMonths: organizations.retentionMonths })
      .from(organizations)
      .where(eq(organizations.id, actor.organizationId))
      .for("update");
    const owners = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.organizationId, actor.organizationId), eq(memberships.role, "owner")))
      .for("update");
    const turningOn = exportApprovalRequired && !before.exportApprovalRequired;
    const turningOff = !exportApprovalRequired && before.exportApprovalRequired;
    if (turningOn && owners.length < 2) return { ok: false, error: "needs_two_owners" };
    const changed = [turningOn || turningOff ? ("exportApprovalRequired" as const) : null, retentionMonths !== before.retentionMonths ? ("retentionMonths" as const) : null].filter(
      (x): x is "exportApprovalRequired" | "retentionMonths" => x !== null,
    );
    if (changed.length === 0) return { ok: true, changed, approvalTurnedOff: false };
    await tx.update(organizations).set({ exportApprovalRequired, retentionMonths }).where(eq(organizations.id, actor.organizationId));
    // A new period moves every date: owners are warned again a week before the new one.
    if (retentionMonths !== before.retentionMonths) {
      await tx.update(campaigns).set({ retentionWarnedAt: null }).where(and(eq(campaigns.organizationId, actor.organizationId), isNull(campaigns.anonymisedAt)));
    }
    const notified = turningOff ? owners.filter((o) => o.userId !== actor.userId).length : 0;
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: "organization.update",
      targetType: "organization",
      targetId: actor.organizationId,
      detail: {
        changed,
        ...(turningOn || turningOff ? { exportApprovalRequired: { from: before.exportApprovalRequired, to: exportApprovalRequired } } : {}),
        ...(retentionMonths !== before.retentionMonths ? { retentionMonths: { from: before.retentionMonths, to: retentionMonths } } : {}),
        ...(turningOff ? { ownersEmailed: notified } : {}),
      },
    });
    if (turningOff && notified > 0) {
      await enqueueInTx(tx, QUEUES.exportNoticeMail, { notice: "approvalOff", organizationId: actor.organizationId, byUserId: actor.userId, at: new Date().toISOString() });
    }
    return { ok: true, changed, approvalTurnedOff: turningOff };
  });
}
