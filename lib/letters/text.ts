/** Letter text functions with no server dependencies: the page uses them live, the server to store. */
import { messageFor, translator } from "@/lib/i18n";

/** The merge fields a template may use; anything else is an error when the template is saved. */
export const MERGE_FIELDS = ["salutation", "mp_name", "mp_title", "riding", "supporter_name", "postal_code", "personal_paragraph"] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];
export type MergeValues = Record<MergeField, string>;

const FIELD = /\{\{\s*([a-z_]+)\s*\}\}/g;

export function unknownMergeFields(template: string): string[] {
  const unknown = new Set<string>();
  for (const m of template.matchAll(FIELD)) if (!(MERGE_FIELDS as readonly string[]).includes(m[1])) unknown.add(m[1]);
  return [...unknown];
}

export function renderTemplate(template: string, values: Partial<MergeValues>): string {
  return template.replace(FIELD, (whole, name: string) => {
    const v = values[name as MergeField];
    return v === undefined ? whole : v;
  });
}

/**
 * "The Hon. Anita Anand, MP" / "L’hon. Anita Anand, députée ou député": the catalogue's
 * letterText.mpTitle (an ICU select on honourable).
 */
export function mpTitle(rep: { name: string; honourable: boolean }, locale: string): string {
  return translator(locale)("letterText.mpTitle", { name: rep.name, honourable: rep.honourable ? "yes" : "no" });
}

/** A letter's opening line, from the catalogue (French: the neutral "Madame, Monsieur,"). */
export function salutation(rep: { name: string }, locale: string): string {
  return translator(locale)("letterText.salutation", { name: rep.name });
}

/** Party names as the House of Commons publishes them in the reader's language; other names are shown as stored. */
export function partyName(party: string | null, locale: string): string | null {
  if (!party) return null;
  return messageFor(translator(locale), "letterText.parties", party);
}

/** Final letter text: the template (possibly edited) with the personal paragraph put in its place. */
export function composeLetter(body: string, personal: string): string {
  const p = personal.trim();
  const withParagraph = body.replace(/\{\{\s*personal_paragraph\s*\}\}/g, p);
  return withParagraph.replace(/\n{3,}/g, "\n\n").trim();
}

/**
 * The template's {{personal_paragraph}} as the supporter sees it in the letter box: a plain
 * marker in their language, never a raw tag. Stored drafts keep the tag.
 */
export function showPersonalSlot(body: string, marker: string): string {
  return body.replace(/\{\{\s*personal_paragraph\s*\}\}/g, marker);
}

/**
 * Back from the box to the stored form. If the supporter removed the marker, their own words
 * are not dropped: they follow the letter's first paragraph (the greeting), and the preview
 * shows them there before anything is sent.
 */
export function storePersonalSlot(body: string, marker: string, personal: string): string {
  if (body.includes(marker)) return body.split(marker).join("{{personal_paragraph}}");
  if (!personal.trim()) return body;
  const paragraphs = body.split(/\n{2,}/);
  return [paragraphs[0], "{{personal_paragraph}}", ...paragraphs.slice(1)].join("\n\n");
}
