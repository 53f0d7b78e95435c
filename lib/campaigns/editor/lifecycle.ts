import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { campaigns, type CampaignStatus } from "@/db/schema";
import { may } from "@/lib/organizer/access";
import type { Actor } from "@/lib/organizer/organizations";
import { getDb } from "@/lib/server/db";
import { log } from "@/lib/server/log";
import { invalidatePublicCampaign } from "../public";
import { loadStoredInput } from "./read";
import { campaignIdSchema, publishIssues, type EditorIssue } from "./schema";
import { recordAudit } from "@/lib/organizer/audit";

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

export type TransitionResult =
  | { ok: true; status: CampaignStatus }
  | { ok: false; error: "not_found" | "transition.notAllowed" }
  | { ok: false; error: "publish.incomplete"; issues: EditorIssue[] };

const statusSchema = z.enum(["draft", "published", "closed", "archived"]);

/** Moves a campaign along its lifecycle (CAMPAIGN_TRANSITIONS), with its timestamp and an audit row. */
export async function transition(actor: Actor, campaignId: string, to: string): Promise<TransitionResult> {
  if (!may(actor, "campaigns.edit") || !campaignIdSchema.safeParse(campaignId).success) return { ok: false, error: "not_found" };
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
        ? // Reopened: its retention clock stops, and a later close warns and anonymises afresh
          // (whoever signs after reopening is anonymised too).
          { publishedAt: sql`coalesce(${campaigns.publishedAt}, now())`, closedAt: null, retentionWarnedAt: null, anonymisedAt: null }
        : next === "closed"
          ? { closedAt: sql`now()` }
          : next === "archived"
            ? { archivedAt: sql`now()` }
            : {};
    await tx
      .update(campaigns)
      .set({ status: next, updatedAt: sql`now()`, ...stamps })
      .where(and(eq(campaigns.id, c.id), eq(campaigns.organizationId, actor.organizationId)));
    await recordAudit(tx, {
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
