"use server";

import { notFound, redirect } from "next/navigation";
import { campaignAction } from "@/lib/organizer/action";
import { campaignLinkSchema, createCampaignLink } from "@/lib/organizer/campaign-links";
import type { FormState } from "@/lib/server/forms";
import { paths } from "@/lib/paths";

/** Owners and editors (campaigns.edit): a named, tagged link to the campaign; lib/ audits it. */
export const createLinkAction = campaignAction(
  "campaigns.edit",
  { fields: ["label", "source"], schema: campaignLinkSchema },
  async (input, { actor, scope, values }): Promise<FormState> => {
    const r = await createCampaignLink(actor, scope.campaign, input);
    if (!r.ok && r.error === "not_found") notFound();
    if (!r.ok) return { values, errors: r.error === "source.taken" ? { source: "source.taken" } : {}, formError: r.error === "source.taken" ? undefined : "generic" };
    // Back to the dashboard (a fresh GET), so the list shows the new link, with or without JavaScript.
    redirect(paths.org.campaign(scope.locale, actor.organizationSlug, scope.campaign, { link: r.link.source }, "links"));
  },
);
