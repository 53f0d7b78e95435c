import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { may } from "@/lib/organizer/access";
import { z } from "zod";
import {
    auditLog,
    campaignContent,
    campaignSources,
    campaignTargets,
    campaigns,
    fsaCandidates,
    letterTemplates,
    representatives,
    type CampaignStatus
} from "@/db/schema";
import { invalidatePublicCampaign } from "./public";
import { torontoDay } from "@/lib/organizer/dashboard";
import { getDb, type Db, type Tx } from "@/lib/server/db";
import { isLocale, LOCALES, type Locale } from "@/lib/i18n/config";
import { buildLetterEmail } from "@/lib/letters/deliver";
import { mergeValuesFor, type LetterTarget } from "@/lib/letters/compose";
import { composeLetter, renderTemplate, unknownMergeFields } from "@/lib/letters/text";
import { log } from "@/lib/server/log";
import { MARKDOWN_MAX_LENGTH, plainText, renderMarkdown } from "./markdown";
import type { Actor } from "@/lib/organizer/organizations";
import { listRepresentatives, ridingName, type RepresentativeListing } from "@/lib/directory/representatives";
import { SLUG_MAX_LENGTH, SLUG_MIN_LENGTH, SLUG_PATTERN } from "./slugs";

/* ------------------------------------------------------------------ who may edit */

/** Owners and editors write campaigns; viewers read dashboards only. */
function mayEdit(actor: Pick<Actor, "role">): boolean {
  return may(actor, "campaigns.edit");
}

/* ------------------------------------------------------------------ lifecycle */

/**
 * The only moves a campaign may make (docs/decisions/0006-campaign-lifecycle.md). A closed
 * campaign may be reopened; archived is final. A published campaign is closed before it is archived,
 * so supporters always see "signing is closed" before the page disappears.
 */
export const CAMPAIGN_TRANSITIONS: Record<CampaignStatus, readonly CampaignStatus[]> = {
  draft: ["published", "archived"],
  published: ["closed"],
  closed: ["published", "archived"],
  archived: [],
};

export function canTransition(from: CampaignStatus, to: CampaignStatus): boolean {
  return CAMPAIGN_TRANSITIONS[from].includes(to);
}

/* ------------------------------------------------------------------ the input */

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
const bodySchema = text(MARKDOWN_MAX_LENGTH);

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
  locale: z.enum(LOCALES).nullable(),
});

const templateSchema = z
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
    .array(z.enum(LOCALES, "locales.required"))
    .min(1, "locales.required")
    .transform((ls) => LOCALES.filter((l) => ls.includes(l))),
  goal: z.coerce.number("goal.invalid").int("goal.invalid").min(1, "goal.invalid").max(10_000_000, "goal.invalid"),
  endsAt: z
    .string()
    .trim()
    .refine(isRealDate, "endsAt.invalid")
    .nullable()
    .default(null),
  content: z.object({ en: contentSchema.optional(), fr: contentSchema.optional() }).default({}),
  sources: z.array(sourceSchema).max(50, "sources.tooMany").default([]),
  targets: z
    .object({
      ownMp: z.boolean(),
      representativeIds: z.array(z.uuid("targets.invalid")).max(50, "targets.tooMany").default([]),
    })
    .default({ ownMp: true, representativeIds: [] }),
  templates: z.object({ en: templateSchema.optional(), fr: templateSchema.optional() }).default({}),
});
export type CampaignInput = z.output<typeof campaignInputSchema>;

/**
 * What a campaign needs before the public may see it, for each of its languages: all content,
 * a template with at least one subject line and a body, and at least one target. Drafts may be
 * saved incomplete; a published or closed campaign may not be emptied.
 */
export function publishIssues(input: Pick<CampaignInput, "locales" | "content" | "templates" | "targets">): EditorIssue[] {
  const issues: EditorIssue[] = [];
  for (const l of input.locales) {
    const c = input.content[l];
    for (const k of ["title", "summary", "body", "demand"] as const) {
      if (!c?.[k]) issues.push({ path: ["content", l, k], message: "publish.required" });
    }
    const t = input.templates[l];
    if (!t || t.subjects.length === 0) issues.push({ path: ["templates", l, "subjects"], message: "publish.required" });
    if (!t?.body) issues.push({ path: ["templates", l, "body"], message: "publish.required" });
  }
  if (!input.targets.ownMp && input.targets.representativeIds.length === 0) issues.push({ path: ["targets"], message: "targets.required" });
  return issues;
}

/* ------------------------------------------------------------------ the form <-> the input */

/**
 * The editor form is flat (it must work without JavaScript): `title_en`, `tbody_fr`,
 * `subjects_en` (one per line), `src_3_url`, `target_reps` (comma-separated ids)… These turn it
 * into the input shape, and an issue's path back into the field that shows it.
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
  const locales = LOCALES.filter((l) => v(`locale_${l}`) === "on");
  const content: Record<string, unknown> = {};
  const templates: Record<string, unknown> = {};
  for (const l of locales) {
    content[l] = { title: v(`title_${l}`), summary: v(`summary_${l}`), body: v(`body_${l}`), demand: v(`demand_${l}`) };
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
    sources.push({ ...row, locale: isLocale(loc) ? loc : null });
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
  return typeof head === "string" ? head : "_form";
}

export function issuesToFieldErrors(issues: readonly EditorIssue[], sourceRows: number[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[issueField(i.path, sourceRows)] ??= i.message;
  return out;
}

/* ------------------------------------------------------------------ results */

export type EditorResult =
  | { ok: true; campaignId: string }
  | { ok: false; error: "not_found" }
  | { ok: false; error: "invalid"; issues: EditorIssue[] }
  | { ok: false; error: "archived" };

export type TransitionResult =
  | { ok: true; status: CampaignStatus }
  | { ok: false; error: "not_found" | "transition.notAllowed" }
  | { ok: false; error: "publish.incomplete"; issues: EditorIssue[] };

/* ------------------------------------------------------------------ writing */

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

/** End of the chosen day in Ottawa: a campaign "ending 2026-12-31" takes signatures all that day. */
function endOfDay(date: string | null) {
  return date === null ? null : sql`((${date}::date + 1)::timestamp at time zone 'America/Toronto')`;
}

/** The day a campaign ends on, as the form shows it (the inverse of endOfDay). */
const ENDS_ON = sql<string | null>`to_char((${campaigns.endsAt} at time zone 'America/Toronto') - interval '1 second', 'YYYY-MM-DD')`;

async function checkAgainstDatabase(tx: Tx, input: CampaignInput, campaignId: string | null): Promise<EditorIssue[]> {
  const issues: EditorIssue[] = [];
  const [taken] = await tx
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(campaignId ? and(eq(campaigns.slug, input.slug), ne(campaigns.id, campaignId)) : eq(campaigns.slug, input.slug))
    .limit(1);
  if (taken) issues.push({ path: ["slug"], message: "slug.taken" });
  const ids = [...new Set(input.targets.representativeIds)];
  if (ids.length) {
    const found = await tx
      .select({ id: representatives.id })
      .from(representatives)
      .where(and(inArray(representatives.id, ids), eq(representatives.current, true)));
    if (found.length !== ids.length) issues.push({ path: ["targets"], message: "targets.notCurrent" });
  }
  return issues;
}

/** Sources, targets, content and templates are replaced as a whole, in the caller's transaction. */
async function writeChildren(tx: Tx, campaignId: string, input: CampaignInput) {
  await tx.delete(campaignContent).where(eq(campaignContent.campaignId, campaignId));
  await tx.delete(campaignSources).where(eq(campaignSources.campaignId, campaignId));
  await tx.delete(campaignTargets).where(eq(campaignTargets.campaignId, campaignId));
  await tx.delete(letterTemplates).where(eq(letterTemplates.campaignId, campaignId));
  const contents = input.locales.flatMap((l) => {
    const c = input.content[l];
    return c ? [{ campaignId, locale: l, title: c.title, summary: c.summary, bodyMarkdown: c.body, demand: c.demand }] : [];
  });
  if (contents.length) await tx.insert(campaignContent).values(contents);
  const templates = input.locales.flatMap((l) => {
    const t = input.templates[l];
    return t ? [{ campaignId, locale: l, subjects: t.subjects, body: t.body, personalPrompt: t.personalPrompt }] : [];
  });
  if (templates.length) await tx.insert(letterTemplates).values(templates);
  const sources = input.sources
    .filter((s) => s.locale === null || input.locales.includes(s.locale))
    .map((s) => ({ campaignId, happenedOn: s.happenedOn, title: s.title, publisher: s.publisher, url: s.url, locale: s.locale }));
  if (sources.length) await tx.insert(campaignSources).values(sources);
  const targets = [
    ...(input.targets.ownMp ? [{ campaignId, kind: "own_mp" as const, representativeId: null }] : []),
    ...[...new Set(input.targets.representativeIds)].map((id) => ({ campaignId, kind: "representative" as const, representativeId: id })),
  ];
  if (targets.length) await tx.insert(campaignTargets).values(targets);
}

/** A new end date must not have passed; one already stored may stay as it is. */
function endIssues(input: CampaignInput, storedEnd: string | null): EditorIssue[] {
  return input.endsAt && input.endsAt !== storedEnd && input.endsAt < torontoDay(new Date()) ? [{ path: ["endsAt"], message: "endsAt.past" }] : [];
}

function parseInput(raw: unknown): { ok: true; input: CampaignInput } | { ok: false; issues: EditorIssue[] } {
  const parsed = campaignInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path, message: i.message })) };
  return { ok: true, input: parsed.data };
}

/** A new draft in the actor's organization. */
export async function createCampaign(actor: Actor, raw: unknown): Promise<EditorResult> {
  if (!mayEdit(actor)) return { ok: false, error: "not_found" };
  const parsed = parseInput(raw);
  if (!parsed.ok) return { ok: false, error: "invalid", issues: parsed.issues };
  const input = parsed.input;
  const past = endIssues(input, null);
  if (past.length) return { ok: false, error: "invalid", issues: past };
  const db = await getDb();
  try {
    const result = await db.transaction(async (tx): Promise<EditorResult> => {
      const issues = await checkAgainstDatabase(tx, input, null);
      if (issues.length) return { ok: false, error: "invalid", issues };
      const [c] = await tx
        .insert(campaigns)
        .values({
          organizationId: actor.organizationId,
          slug: input.slug,
          status: "draft",
          locales: input.locales,
          signatureGoal: input.goal,
          endsAt: endOfDay(input.endsAt),
          createdBy: actor.userId,
        })
        .returning({ id: campaigns.id });
      await writeChildren(tx, c.id, input);
      await tx.insert(auditLog).values({
        organizationId: actor.organizationId,
        actorUserId: actor.userId,
        action: "campaign.create",
        targetType: "campaign",
        targetId: c.id,
        detail: { slug: input.slug, locales: input.locales },
      });
      return { ok: true, campaignId: c.id };
    });
    if (result.ok) {
      invalidatePublicCampaign();
      log.info("campaign.created", { campaignId: result.campaignId });
    }
    return result;
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, error: "invalid", issues: [{ path: ["slug"], message: "slug.taken" }] };
    throw err;
  }
}

const campaignIdSchema = z.uuid();

/**
 * Saves the editor form over a campaign of the actor's organization. Another organization's
 * campaign is "not found" and nothing changes. Once published the slug is fixed (links to it are
 * out there) and the campaign must stay complete; an archived campaign is read-only.
 */
export async function updateCampaign(actor: Actor, campaignId: string, raw: unknown): Promise<EditorResult> {
  if (!mayEdit(actor) || !campaignIdSchema.safeParse(campaignId).success) return { ok: false, error: "not_found" };
  const parsed = parseInput(raw);
  const db = await getDb();
  try {
    const result = await db.transaction(async (tx): Promise<EditorResult> => {
      const [current] = await tx
        .select({ id: campaigns.id, slug: campaigns.slug, status: campaigns.status, endsOn: ENDS_ON })
        .from(campaigns)
        .where(and(eq(campaigns.id, campaignId), eq(campaigns.organizationId, actor.organizationId)))
        .for("update");
      if (!current) return { ok: false, error: "not_found" };
      if (current.status === "archived") return { ok: false, error: "archived" };
      if (!parsed.ok) return { ok: false, error: "invalid", issues: parsed.issues };
      const input = parsed.input;
      const issues: EditorIssue[] = endIssues(input, current.endsOn);
      if (current.status !== "draft" && input.slug !== current.slug) issues.push({ path: ["slug"], message: "slug.fixed" });
      else issues.push(...(await checkAgainstDatabase(tx, input, current.id)));
      if (current.status !== "draft") issues.push(...publishIssues(input));
      if (issues.length) return { ok: false, error: "invalid", issues };
      await tx
        .update(campaigns)
        .set({ slug: input.slug, locales: input.locales, signatureGoal: input.goal, endsAt: endOfDay(input.endsAt), updatedAt: sql`now()` })
        .where(and(eq(campaigns.id, current.id), eq(campaigns.organizationId, actor.organizationId)));
      await writeChildren(tx, current.id, input);
      await tx.insert(auditLog).values({
        organizationId: actor.organizationId,
        actorUserId: actor.userId,
        action: "campaign.update",
        targetType: "campaign",
        targetId: current.id,
        detail: { status: current.status, locales: input.locales },
      });
      return { ok: true, campaignId: current.id };
    });
    if (result.ok) invalidatePublicCampaign();
    return result;
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, error: "invalid", issues: [{ path: ["slug"], message: "slug.taken" }] };
    throw err;
  }
}

const statusSchema = z.enum(["draft", "published", "closed", "archived"]);

/** Moves a campaign along its lifecycle (CAMPAIGN_TRANSITIONS), with its timestamp and an audit row. */
export async function transition(actor: Actor, campaignId: string, to: string): Promise<TransitionResult> {
  if (!mayEdit(actor) || !campaignIdSchema.safeParse(campaignId).success) return { ok: false, error: "not_found" };
  const target = statusSchema.safeParse(to);
  const db = await getDb();
  const result = await db.transaction(async (tx): Promise<TransitionResult> => {
    const [c] = await tx
      .select({ id: campaigns.id, status: campaigns.status, locales: campaigns.locales })
      .from(campaigns)
      .where(and(eq(campaigns.id, campaignId), eq(campaigns.organizationId, actor.organizationId)))
      .for("update");
    if (!c) return { ok: false, error: "not_found" };
    if (!target.success || !canTransition(c.status, target.data)) return { ok: false, error: "transition.notAllowed" };
    const next = target.data;
    if (next === "published") {
      const stored = await loadStoredInput(tx, c.id, c.locales);
      const issues = publishIssues(stored);
      if (issues.length) return { ok: false, error: "publish.incomplete", issues };
    }
    const stamps =
      next === "published"
        ? { publishedAt: sql`coalesce(${campaigns.publishedAt}, now())`, closedAt: null }
        : next === "closed"
          ? { closedAt: sql`now()` }
          : next === "archived"
            ? { archivedAt: sql`now()` }
            : {};
    await tx
      .update(campaigns)
      .set({ status: next, updatedAt: sql`now()`, ...stamps })
      .where(and(eq(campaigns.id, c.id), eq(campaigns.organizationId, actor.organizationId)));
    await tx.insert(auditLog).values({
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: `campaign.${next === "published" && c.status === "closed" ? "reopen" : next === "published" ? "publish" : next === "closed" ? "close" : "archive"}`,
      targetType: "campaign",
      targetId: c.id,
      detail: { from: c.status, to: next },
    });
    return { ok: true, status: next };
  });
  if (result.ok) {
    invalidatePublicCampaign();
    log.info("campaign.transition", { campaignId, status: result.status });
  }
  return result;
}

/* ------------------------------------------------------------------ reading for the editor */

async function loadStoredInput(q: Db | Tx, campaignId: string, locales: string[]) {
  const [contents, templates, targets] = await Promise.all([
    q.select().from(campaignContent).where(eq(campaignContent.campaignId, campaignId)),
    q.select().from(letterTemplates).where(eq(letterTemplates.campaignId, campaignId)),
    q.select().from(campaignTargets).where(eq(campaignTargets.campaignId, campaignId)),
  ]);
  const content: CampaignInput["content"] = {};
  const tpl: CampaignInput["templates"] = {};
  for (const c of contents) {
    if (isLocale(c.locale)) content[c.locale] = { title: c.title, summary: c.summary, body: c.bodyMarkdown, demand: c.demand };
  }
  for (const t of templates) {
    if (isLocale(t.locale)) tpl[t.locale] = { subjects: t.subjects, body: t.body, personalPrompt: t.personalPrompt };
  }
  return {
    locales: locales.filter((l): l is Locale => (LOCALES as readonly string[]).includes(l)),
    content,
    templates: tpl,
    targets: {
      ownMp: targets.some((t) => t.kind === "own_mp"),
      representativeIds: targets.flatMap((t) => (t.representativeId ? [t.representativeId] : [])),
    },
  };
}

export interface EditorCampaign {
  id: string;
  slug: string;
  status: CampaignStatus;
  title: string;
  values: EditorValues;
}

/** A campaign of the actor's organization as the editor form's values, or null (not found, or another organization's). */
export async function getEditorCampaign(actor: Actor, campaignId: string): Promise<EditorCampaign | null> {
  if (!mayEdit(actor) || !campaignIdSchema.safeParse(campaignId).success) return null;
  const db = await getDb();
  const [c] = await db
    .select({
      id: campaigns.id,
      slug: campaigns.slug,
      status: campaigns.status,
      locales: campaigns.locales,
      goal: campaigns.signatureGoal,
      endsOn: ENDS_ON,
    })
    .from(campaigns)
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.organizationId, actor.organizationId)));
  if (!c) return null;
  const stored = await loadStoredInput(db, c.id, c.locales);
  const sources = await db
    .select()
    .from(campaignSources)
    .where(eq(campaignSources.campaignId, c.id))
    .orderBy(asc(campaignSources.happenedOn), asc(campaignSources.title));
  const values: EditorValues = {
    slug: c.slug,
    goal: String(c.goal),
    endsAt: c.endsOn ?? "",
    target_own_mp: stored.targets.ownMp ? "on" : "",
    target_reps: stored.targets.representativeIds.join(","),
  };
  for (const l of LOCALES) {
    values[`locale_${l}`] = c.locales.includes(l) ? "on" : "";
    const content = stored.content[l];
    const t = stored.templates[l];
    values[`title_${l}`] = content?.title ?? "";
    values[`summary_${l}`] = content?.summary ?? "";
    values[`body_${l}`] = content?.body ?? "";
    values[`demand_${l}`] = content?.demand ?? "";
    values[`subjects_${l}`] = t?.subjects.join("\n") ?? "";
    values[`tbody_${l}`] = t?.body ?? "";
    values[`prompt_${l}`] = t?.personalPrompt ?? "";
  }
  sources.forEach((s, i) => {
    values[`src_${i}_date`] = s.happenedOn;
    values[`src_${i}_title`] = s.title;
    values[`src_${i}_publisher`] = s.publisher;
    values[`src_${i}_url`] = s.url;
    values[`src_${i}_locale`] = s.locale ?? "";
  });
  const firstLocale = c.locales.find((l) => stored.content[l as Locale]?.title) as Locale | undefined;
  return { id: c.id, slug: c.slug, status: c.status, title: (firstLocale && stored.content[firstLocale]?.title) || c.slug, values };
}

/* ------------------------------------------------------------------ directory and letter preview */

export interface RepresentativeChoice {
  id: string;
  name: string;
  party: string | null;
  riding: string;
}

function toChoice(r: RepresentativeListing, locale: string): RepresentativeChoice {
  return { id: r.id, name: r.name, party: r.party, riding: ridingName({ nameEn: r.ridingNameEn, nameFr: r.ridingNameFr }, locale) };
}

/** Current MPs by id (the campaign's named targets, for display). */
export async function getRepresentativeChoices(ids: string[], locale: string): Promise<RepresentativeChoice[]> {
  const valid = ids.filter((id) => campaignIdSchema.safeParse(id).success);
  return (await listRepresentatives({ ids: valid })).map((r) => toChoice(r, locale));
}

/** Current MPs whose name or riding matches, for adding named targets. */
export async function searchRepresentatives(q: string, locale: string, limit = 10): Promise<RepresentativeChoice[]> {
  const query = q.trim().slice(0, 100);
  if (!query) return [];
  return (await listRepresentatives({ q: query })).slice(0, limit).map((r) => toChoice(r, locale));
}

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

/** The template part of a form, validated alone (for the preview, which saves nothing). */
export function parseTemplate(raw: unknown): { ok: true; template: LetterTemplateInput } | { ok: false; issues: EditorIssue[] } {
  const parsed = templateSchema.safeParse(raw);
  return parsed.success ? { ok: true, template: parsed.data } : { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path, message: i.message })) };
}
