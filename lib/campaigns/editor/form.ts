import { CAMPAIGN_LOCALES, isCampaignLocale, isLetterLocale } from "@/lib/i18n/config";
import type { EditorIssue } from "./schema";

/**
 * The editor form is flat (it must work without JavaScript): `title_en`, `tbody_fr`,
 * `subjects_en` (one per line), `src_3_url`, `target_reps` (comma-separated ids),
 * `deliver_then_delete`… These turn it into the input shape, and an issue's path back into the
 * field that shows it. Templates are read in the letter languages only (English, French).
 */
export type EditorValues = Record<string, string>;

export const CONTENT_FIELDS = { title: "title", summary: "summary", body: "body", demand: "demand" } as const;
export const TEMPLATE_FIELDS = { subjects: "subjects", body: "tbody", personalPrompt: "prompt" } as const;
export const SOURCE_FIELDS = { happenedOn: "date", title: "title", publisher: "publisher", url: "url", locale: "locale" } as const;

/** How many source rows a form holds (the filled ones and one blank row to add another). */
export function sourceRowCount(values: EditorValues): number {
  let n = 0;
  while (Object.values(SOURCE_FIELDS).some((f) => `src_${n}_${f}` in values)) n++;
  return n;
}

export function formToInput(values: EditorValues): { input: unknown; sourceRows: number[] } {
  const v = (k: string) => values[k] ?? "";
  const locales = CAMPAIGN_LOCALES.filter((l) => v(`locale_${l}`) === "on");
  const content: Record<string, unknown> = {};
  const templates: Record<string, unknown> = {};
  for (const l of locales) {
    content[l] = { title: v(`title_${l}`), summary: v(`summary_${l}`), body: v(`body_${l}`), demand: v(`demand_${l}`) };
    if (!isLetterLocale(l)) continue;
    templates[l] = {
      subjects: v(`subjects_${l}`)
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter(Boolean),
      body: v(`tbody_${l}`).replace(/\r\n/g, "\n"),
      personalPrompt: v(`prompt_${l}`),
    };
  }
  const sources: unknown[] = [];
  const sourceRows: number[] = [];
  for (let i = 0; i < sourceRowCount(values); i++) {
    const row = { happenedOn: v(`src_${i}_date`), title: v(`src_${i}_title`), publisher: v(`src_${i}_publisher`), url: v(`src_${i}_url`) };
    if (!Object.values(row).some((x) => x.trim())) continue; // a blank row is no source
    const loc = v(`src_${i}_locale`);
    sources.push({ ...row, locale: isCampaignLocale(loc) ? loc : null });
    sourceRows.push(i);
  }
  return {
    input: {
      slug: v("slug"),
      locales,
      goal: v("goal"),
      endsAt: v("endsAt").trim() ? v("endsAt") : null,
      content,
      sources,
      targets: {
        ownMp: v("target_own_mp") === "on",
        representativeIds: v("target_reps")
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      },
      templates,
      deliverThenDelete: v("deliver_then_delete") === "on",
    },
    sourceRows,
  };
}

/** An issue's path → the name of the form field that shows it. */
export function issueField(path: readonly PropertyKey[], sourceRows: number[]): string {
  const [head, a, b] = path;
  if (head === "content" && typeof b === "string") return `${CONTENT_FIELDS[b as keyof typeof CONTENT_FIELDS] ?? b}_${String(a)}`;
  if (head === "templates" && typeof b === "string") return `${TEMPLATE_FIELDS[b as keyof typeof TEMPLATE_FIELDS] ?? b}_${String(a)}`;
  if (head === "sources" && typeof a === "number") {
    const row = sourceRows[a] ?? a;
    return typeof b === "string" ? `src_${row}_${SOURCE_FIELDS[b as keyof typeof SOURCE_FIELDS] ?? b}` : "sources";
  }
  if (head === "targets") return "targets";
  if (head === "deliverThenDelete") return "deliver_then_delete";
  return typeof head === "string" ? head : "_form";
}

export function issuesToFieldErrors(issues: readonly EditorIssue[], sourceRows: number[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[issueField(i.path, sourceRows)] ??= i.message;
  return out;
}
