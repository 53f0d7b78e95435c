import { z } from "zod";

/**
 * A campaign link's source tag (`?src=newsletter-dec`): which poster, newsletter or partner site a
 * signature came from. Lower-case letters, digits and hyphens, at most 40 characters: the same
 * rule as the database's CHECK on campaign_links.source.
 */
export const SOURCE_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** The query parameter that carries it on every campaign link. */
export const SOURCE_PARAM = "src";

/** The tag of the campaign's own QR code (named links have theirs). */
export const QR_SOURCE = "qr";

/**
 * A tag from a link or a hidden field, lower-cased; anything else (too long, other characters,
 * several values) is dropped, never an error: a mangled link still signs, just without a source.
 */
export function normalizeSource(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const s = raw.trim().toLowerCase();
  return SOURCE_PATTERN.test(s) ? s : null;
}

/** The sign form's hidden field: optional, normalised, never failing. */
export const sourceFieldSchema = z.unknown().optional().transform(normalizeSource);

/** A tag an organizer types for a named link: here a bad one is an error they can correct. */
export const sourceTagSchema = z
  .string({ error: "source.required" })
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.string().min(1, "source.required").max(40, "source.tooLong").regex(SOURCE_PATTERN, "source.invalid"));
