import { asc, eq, sql } from "drizzle-orm";
import { fsaCandidates } from "@/db/schema";
import { listRepresentatives, type RepresentativeListing } from "@/lib/directory/representatives";
import type { Locale } from "@/lib/i18n/config";
import { mergeValuesFor, type LetterTarget } from "@/lib/letters/compose";
import { buildLetterEmail } from "@/lib/letters/deliver";
import { composeLetter, renderTemplate } from "@/lib/letters/text";
import { getDb } from "@/lib/server/db";
import { plainText, renderMarkdown } from "../markdown";
import { bodySchema, type LetterTemplateInput } from "./schema";

/* Previews that save nothing: a letter as an office would receive it, a body as the public page shows it. */

export interface LetterPreview {
  locale: Locale;
  representative: { name: string; riding: string; party: string | null };
  to: string;
  subjects: string[];
  /** The plain-text email exactly as the office would receive it (footer included). */
  text: string;
}

export interface PreviewSample {
  supporterName: string;
  personalParagraph: string;
  campaignTitle: string;
  organizationName: string;
  campaignSlug: string;
}

/**
 * The MP a preview is written to: the first current MP whose name or riding matches, or (no
 * query) the first in the directory. null when nothing matches.
 */
export async function findPreviewRepresentative(q: string): Promise<RepresentativeListing | null> {
  const query = q.trim().slice(0, 100);
  const list = await listRepresentatives(query ? { q: query } : {});
  return list[0] ?? null;
}

/**
 * A template rendered for a real MP with sample supporter values, through the same functions
 * that write and send a real letter (mergeValuesFor, renderTemplate, composeLetter,
 * buildLetterEmail). The sample postal code is in that MP's riding when the data has one.
 */
export async function previewLetter(template: LetterTemplateInput, rep: RepresentativeListing, locale: Locale, sample: PreviewSample): Promise<LetterPreview> {
  const db = await getDb();
  const [fsa] = await db
    .select({ fsa: fsaCandidates.fsa })
    .from(fsaCandidates)
    .where(eq(fsaCandidates.fedNum, rep.ridingFedNum))
    .orderBy(sql`${fsaCandidates.share} desc`, asc(fsaCandidates.fsa))
    .limit(1);
  const postalCode = fsa ? `${fsa.fsa} 1A1` : null;
  const target: LetterTarget = {
    representativeId: rep.id,
    name: rep.name,
    honourable: rep.honourable,
    party: rep.party,
    email: rep.email,
    ridingNameEn: rep.ridingNameEn,
    ridingNameFr: rep.ridingNameFr,
  };
  const values = mergeValuesFor(target, { name: sample.supporterName, postalCode }, locale);
  const subjects = template.subjects.map((s) => renderTemplate(s, values));
  const text = composeLetter(renderTemplate(template.body, values), sample.personalParagraph);
  const mail = buildLetterEmail({
    letterId: "preview",
    messageId: "<preview@constituent.localhost>",
    subject: subjects[0] ?? "",
    text,
    supporterName: sample.supporterName,
    supporterEmail: "supporter@example.org",
    postalCode,
    ridingName: values.riding,
    representativeName: rep.name,
    representativeEmail: rep.email,
    campaignSlug: sample.campaignSlug,
    campaignTitle: plainText(sample.campaignTitle),
    organizationName: sample.organizationName,
    locale,
  });
  return {
    locale,
    representative: { name: rep.name, riding: values.riding, party: rep.party },
    to: rep.email ? `${rep.name} <${rep.email}>` : rep.name,
    subjects,
    text: mail.text,
  };
}

/**
 * The editor's preview of a campaign body (the form's "Preview" button, without JavaScript): the
 * HTML the public page would show, or the error saving would give. Over-long input is refused
 * before rendering, so a preview can never cost more than saving and showing the body would.
 */
export function previewCampaignBody(body: string): { ok: true; html: string } | { ok: false; error: string } {
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "editor.tooLong" };
  return { ok: true, html: renderMarkdown(parsed.data) };
}
