/** Letter text functions with no server dependencies: the page uses them live, the server to store. */

/** The merge fields a template may use; anything else is an error when the template is saved. */
export const MERGE_FIELDS = ["mp_name", "mp_title", "riding", "supporter_name", "postal_code", "personal_paragraph"] as const;
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

/** "The Hon. Anita Anand, MP" / "L’hon. Anita Anand, députée ou député". */
export function mpTitle(rep: { name: string; honourable: boolean }, locale: string): string {
  if (locale === "fr") return `${rep.honourable ? "L’hon. " : ""}${rep.name}, député(e)`;
  return `${rep.honourable ? "The Hon. " : ""}${rep.name}, MP`;
}

/** Final letter text: the template (possibly edited) with the personal paragraph put in its place. */
export function composeLetter(body: string, personal: string): string {
  const p = personal.trim();
  const withParagraph = body.replace(/\{\{\s*personal_paragraph\s*\}\}/g, p);
  return withParagraph.replace(/\n{3,}/g, "\n\n").trim();
}
