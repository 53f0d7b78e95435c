import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { campaignContent, campaignSources, campaignTargets, campaigns, letterTemplates, representatives } from "@/db/schema";
import { may } from "@/lib/organizer/access";
import type { Actor } from "@/lib/organizer/organizations";
import { isLetterLocale } from "@/lib/i18n/config";
import { getDb, type Tx } from "@/lib/server/db";
import { isUniqueViolation } from "@/lib/server/db-errors";
import { log } from "@/lib/server/log";
import { invalidatePublicCampaign } from "../public";
import { endIssues, endOfDay, ENDS_ON } from "./end-date";
import { campaignIdSchema, parseInput, publishIssues, type CampaignInput, type EditorIssue } from "./schema";
import { recordAudit } from "@/lib/organizer/audit";

/* Creating and saving a campaign from the editor, in one transaction with its audit row. */

export type EditorResult =
  | { ok: true; campaignId: string }
  | { ok: false; error: "not_found" }
  | { ok: false; error: "invalid"; issues: EditorIssue[] }
  | { ok: false; error: "archived" };


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
  const templates = input.locales.filter(isLetterLocale).flatMap((l) => {
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

/** A new draft in the actor's organization. */
export async function createCampaign(actor: Actor, raw: unknown): Promise<EditorResult> {
  if (!may(actor, "campaigns.edit")) return { ok: false, error: "not_found" };
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
          deliverThenDelete: input.deliverThenDelete,
          createdBy: actor.userId,
        })
        .returning({ id: campaigns.id });
      await writeChildren(tx, c.id, input);
      await recordAudit(tx, {
        organizationId: actor.organizationId,
        actorUserId: actor.userId,
        action: "campaign.create",
        targetType: "campaign",
        targetId: c.id,
        detail: { slug: input.slug, locales: input.locales, deliverThenDelete: input.deliverThenDelete },
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


/**
 * Saves the editor form over a campaign of the actor's organization. Another organization's
 * campaign is "not found" and nothing changes. Once published the slug is fixed (links to it are
 * out there), deliver-then-delete cannot be turned off and the campaign must stay complete; an
 * archived campaign is read-only.
 */
export async function updateCampaign(actor: Actor, campaignId: string, raw: unknown): Promise<EditorResult> {
  if (!may(actor, "campaigns.edit") || !campaignIdSchema.safeParse(campaignId).success) return { ok: false, error: "not_found" };
  const parsed = parseInput(raw);
  const db = await getDb();
  try {
    const result = await db.transaction(async (tx): Promise<EditorResult> => {
      const [current] = await tx
        .select({ id: campaigns.id, slug: campaigns.slug, status: campaigns.status, endsOn: ENDS_ON, deliverThenDelete: campaigns.deliverThenDelete })
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
      // Supporters of a public campaign signed on its deliver-then-delete promise: it may be turned on, never off.
      if (current.status !== "draft" && current.deliverThenDelete && !input.deliverThenDelete) issues.push({ path: ["deliverThenDelete"], message: "deliverThenDelete.fixed" });
      if (issues.length) return { ok: false, error: "invalid", issues };
      await tx
        .update(campaigns)
        .set({
          slug: input.slug,
          locales: input.locales,
          signatureGoal: input.goal,
          endsAt: endOfDay(input.endsAt),
          deliverThenDelete: input.deliverThenDelete,
          // A new end date restarts the retention clock: the warning and anonymisation follow it.
          ...(input.endsAt !== current.endsOn ? { retentionWarnedAt: null, anonymisedAt: null } : {}),
          updatedAt: sql`now()`,
        })
        .where(and(eq(campaigns.id, current.id), eq(campaigns.organizationId, actor.organizationId)));
      await writeChildren(tx, current.id, input);
      await recordAudit(tx, {
        organizationId: actor.organizationId,
        actorUserId: actor.userId,
        action: "campaign.update",
        targetType: "campaign",
        targetId: current.id,
        detail: { status: current.status, locales: input.locales, deliverThenDelete: input.deliverThenDelete },
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
