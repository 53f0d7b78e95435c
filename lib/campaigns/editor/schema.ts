import { z } from "zod";
import { CAMPAIGN_LOCALES, isLetterLocale } from "@/lib/i18n/config";
import { unknownMergeFields } from "@/lib/letters/text";
import { MARKDOWN_MAX_LENGTH } from "../markdown";
import { SLUG_MAX_LENGTH, SLUG_MIN_LENGTH, SLUG_PATTERN } from "../slugs";

/* What the campaign editor saves, validated; what publishing needs. */

/** A message code, optionally with a parameter after a colon: "template.unknownField:nope". */
export interface EditorIssue {
  path: PropertyKey[];
  message: string;
}

export const MAX_SUBJECTS = 5;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname.length > 0;
  } catch {
    return false;
  }
}

const text = (max: number) => z.string().trim().max(max, "editor.tooLong");

/** A campaign's Markdown body: the renderer's limit, within which any input renders in milliseconds. */
export const bodySchema = text(MARKDOWN_MAX_LENGTH);

const contentSchema = z.object({
  title: text(200),
  summary: text(1000),
  body: bodySchema,
  demand: text(2000),
});
export type CampaignContentInput = z.output<typeof contentSchema>;

const sourceSchema = z.object({
  happenedOn: z.string().trim().refine(isRealDate, "source.date"),
  title: z.string().trim().min(1, "source.title").max(300, "editor.tooLong"),
  publisher: z.string().trim().min(1, "source.publisher").max(200, "editor.tooLong"),
  url: z.string().trim().max(2000, "editor.tooLong").refine(isHttpUrl, "source.url"),
  /** null: shown in every language. */
  locale: z.enum(CAMPAIGN_LOCALES).nullable(),
});

export const templateSchema = z
  .object({
    subjects: z.array(z.string().trim().min(1).max(200, "editor.tooLong")).max(MAX_SUBJECTS, "template.tooManySubjects"),
    body: text(8000),
    personalPrompt: text(1000),
  })
  .superRefine((t, ctx) => {
    // An unknown merge field would reach an MP's office as "{{nope}}": refused when saved.
    const subjectFields = unknownMergeFields(t.subjects.join("\n"));
    if (subjectFields.length) ctx.addIssue({ code: "custom", path: ["subjects"], message: `template.unknownField:${subjectFields.join(", ")}` });
    const bodyFields = unknownMergeFields(t.body);
    if (bodyFields.length) ctx.addIssue({ code: "custom", path: ["body"], message: `template.unknownField:${bodyFields.join(", ")}` });
    const promptFields = unknownMergeFields(t.personalPrompt);
    if (promptFields.length) ctx.addIssue({ code: "custom", path: ["personalPrompt"], message: `template.unknownField:${promptFields.join(", ")}` });
  });
export type LetterTemplateInput = z.output<typeof templateSchema>;

/**
 * Letter templates, in the languages offices read only (LETTER_LOCALES): a template in any other
 * language (an Armenian one) is refused, not silently dropped.
 */
const templatesSchema = z
  .looseObject({ en: templateSchema.optional(), fr: templateSchema.optional() })
  .superRefine((t, ctx) => {
    for (const k of Object.keys(t)) if (!isLetterLocale(k)) ctx.addIssue({ code: "custom", path: [k], message: "template.locale" });
  })
  .transform(({ en, fr }) => {
    const out: { en?: LetterTemplateInput; fr?: LetterTemplateInput } = {};
    if (en) out.en = en;
    if (fr) out.fr = fr;
    return out;
  });

/**
 * Everything the editor saves. Unknown keys (organizationId, status, counts…) are stripped: the
 * organization comes from the actor and the status only changes through transition().
 */
export const campaignInputSchema = z.object({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .min(SLUG_MIN_LENGTH, "slug.invalid")
    .max(SLUG_MAX_LENGTH, "slug.invalid")
    .regex(SLUG_PATTERN, "slug.invalid"),
  locales: z
    .array(z.enum(CAMPAIGN_LOCALES, "locales.required"))
    .min(1, "locales.required")
    .transform((ls) => CAMPAIGN_LOCALES.filter((l) => ls.includes(l))),
  goal: z.coerce.number("goal.invalid").int("goal.invalid").min(1, "goal.invalid").max(10_000_000, "goal.invalid"),
  endsAt: z
    .string()
    .trim()
    .refine(isRealDate, "endsAt.invalid")
    .nullable()
    .default(null),
  content: z.object({ en: contentSchema.optional(), fr: contentSchema.optional(), hy: contentSchema.optional() }).default({}),
  sources: z.array(sourceSchema).max(50, "sources.tooMany").default([]),
  targets: z
    .object({
      ownMp: z.boolean(),
      representativeIds: z.array(z.uuid("targets.invalid")).max(50, "targets.tooMany").default([]),
    })
    .default({ ownMp: true, representativeIds: [] }),
  templates: templatesSchema.default({}),
  /** Deliver-then-delete (campaigns.deliverThenDelete): each letter and its writer's identity erased once delivered. */
  deliverThenDelete: z.boolean().default(false),
});
export type CampaignInput = z.output<typeof campaignInputSchema>;

/**
 * What a campaign needs before the public may see it: in each of its languages all content, and in
 * each of its letter languages (English, French) a template with at least one subject line and a
 * body; at least one letter language, since letters reach offices in English or French whatever
 * the reader's language; and at least one target. Drafts may be saved incomplete; a published or
 * closed campaign may not be emptied.
 */
export function publishIssues(input: Pick<CampaignInput, "locales" | "content" | "templates" | "targets">): EditorIssue[] {
  const issues: EditorIssue[] = [];
  for (const l of input.locales) {
    const c = input.content[l];
    for (const k of ["title", "summary", "body", "demand"] as const) {
      if (!c?.[k]) issues.push({ path: ["content", l, k], message: "publish.required" });
    }
    if (!isLetterLocale(l)) continue;
    const t = input.templates[l];
    if (!t || t.subjects.length === 0) issues.push({ path: ["templates", l, "subjects"], message: "publish.required" });
    if (!t?.body) issues.push({ path: ["templates", l, "body"], message: "publish.required" });
  }
  if (!input.locales.some(isLetterLocale)) issues.push({ path: ["locales"], message: "publish.letterLanguage" });
  if (!input.targets.ownMp && input.targets.representativeIds.length === 0) issues.push({ path: ["targets"], message: "targets.required" });
  return issues;
}

export const campaignIdSchema = z.uuid();

export function parseInput(raw: unknown): { ok: true; input: CampaignInput } | { ok: false; issues: EditorIssue[] } {
  const parsed = campaignInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path, message: i.message })) };
  return { ok: true, input: parsed.data };
}

/** The template part of a form, validated alone (for the preview, which saves nothing). */
export function parseTemplate(raw: unknown): { ok: true; template: LetterTemplateInput } | { ok: false; issues: EditorIssue[] } {
  const parsed = templateSchema.safeParse(raw);
  return parsed.success ? { ok: true, template: parsed.data } : { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path, message: i.message })) };
}
