import { and, asc, eq } from "drizzle-orm";
import { campaignContent, campaignSources, campaignTargets, campaigns, letterTemplates, type CampaignStatus } from "@/db/schema";
import { CAMPAIGN_LOCALES, isCampaignLocale, isLetterLocale, LETTER_LOCALES, type CampaignLocale } from "@/lib/i18n/config";
import { may } from "@/lib/organizer/access";
import type { Actor } from "@/lib/organizer/organizations";
import { getDb, type Db, type Tx } from "@/lib/server/db";
import { ENDS_ON } from "./end-date";
import type { EditorValues } from "./form";
import { campaignIdSchema, type CampaignInput } from "./schema";

/* A stored campaign read back for the editor. */

export async function loadStoredInput(q: Db | Tx, campaignId: string, locales: string[]) {
  const [contents, templates, targets] = await Promise.all([
    q.select().from(campaignContent).where(eq(campaignContent.campaignId, campaignId)),
    q.select().from(letterTemplates).where(eq(letterTemplates.campaignId, campaignId)),
    q.select().from(campaignTargets).where(eq(campaignTargets.campaignId, campaignId)),
  ]);
  const content: CampaignInput["content"] = {};
  const tpl: CampaignInput["templates"] = {};
  for (const c of contents) {
    if (isCampaignLocale(c.locale)) content[c.locale] = { title: c.title, summary: c.summary, body: c.bodyMarkdown, demand: c.demand };
  }
  for (const t of templates) {
    if (isLetterLocale(t.locale)) tpl[t.locale] = { subjects: t.subjects, body: t.body, personalPrompt: t.personalPrompt };
  }
  return {
    locales: locales.filter(isCampaignLocale),
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
  if (!may(actor, "campaigns.edit") || !campaignIdSchema.safeParse(campaignId).success) return null;
  const db = await getDb();
  const [c] = await db
    .select({
      id: campaigns.id,
      slug: campaigns.slug,
      status: campaigns.status,
      locales: campaigns.locales,
      goal: campaigns.signatureGoal,
      endsOn: ENDS_ON,
      deliverThenDelete: campaigns.deliverThenDelete,
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
    deliver_then_delete: c.deliverThenDelete ? "on" : "",
  };
  for (const l of CAMPAIGN_LOCALES) {
    values[`locale_${l}`] = c.locales.includes(l) ? "on" : "";
    const content = stored.content[l];
    values[`title_${l}`] = content?.title ?? "";
    values[`summary_${l}`] = content?.summary ?? "";
    values[`body_${l}`] = content?.body ?? "";
    values[`demand_${l}`] = content?.demand ?? "";
  }
  for (const l of LETTER_LOCALES) {
    const t = stored.templates[l];
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
  const firstLocale = c.locales.find((l) => stored.content[l as CampaignLocale]?.title) as CampaignLocale | undefined;
  return { id: c.id, slug: c.slug, status: c.status, title: (firstLocale && stored.content[firstLocale]?.title) || c.slug, values };
}
