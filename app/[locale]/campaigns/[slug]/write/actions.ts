"use server";

import { redirect } from "next/navigation";
import { getLetterTemplate, getPublicCampaign } from "@/lib/campaigns/public";
import { z } from "zod";
import { campaignPageAction } from "@/lib/server/action";
import type { FormState } from "@/lib/server/forms";
import { getLetterDraft, letterInputSchema, listLetterTargets, mergeValuesFor, saveLetterDraft } from "@/lib/letters/compose";
import { renderTemplate, storePersonalSlot } from "@/lib/letters/text";
import { submitLetter } from "@/lib/letters/lifecycle";
import { paths } from "@/lib/paths";
import { translator } from "@/lib/i18n";
import { readFlow } from "@/lib/signing/flow-cookie";

export const saveLetterAction = campaignPageAction(
  { fields: ["representativeId", "subject", "personal", "body"], schema: letterInputSchema },
  async (input, { locale, scope, values }): Promise<FormState> => {
    const campaign = await getPublicCampaign(scope.slug, locale);
    const flow = campaign ? await readFlow(campaign.id) : null;
    if (!campaign || !flow) return { values, errors: {}, formError: "session.expired" };
    const target = (await listLetterTargets(flow.id, campaign.id)).find((t) => t.representativeId === input.representativeId);
    if (!target) return { values, errors: {}, formError: "generic" };
    const template = await getLetterTemplate(campaign.id, locale, campaign.locales);
    const baseline = template ? renderTemplate(template.body, { ...mergeValuesFor(target, flow, template.locale), personal_paragraph: "" }) : "";
    const body = storePersonalSlot(input.body, translator(locale)("letter.personalSlot"), input.personal);
    const saved = await saveLetterDraft(flow.id, campaign.id, { ...input, body }, baseline);
    if (!saved.ok) return { values, errors: {}, formError: saved.error === "letter.notATarget" ? "generic" : saved.error };
    redirect(paths.preview(locale, scope.slug, target.representativeId));
  },
);

/** Sends the previewed draft: from a proven browser it goes; otherwise it waits for approval from the mailbox. */
export const sendLetterAction = campaignPageAction(
  { fields: ["representativeId"], schema: z.object({ representativeId: z.string().max(100) }) },
  async ({ representativeId }, { locale, scope }): Promise<void> => {
    const { slug } = scope;
    const campaign = await getPublicCampaign(slug, locale);
    const flow = campaign ? await readFlow(campaign.id) : null;
    if (!campaign || !flow) redirect(paths.sign(locale, slug));
    const draft = await getLetterDraft(flow.id, representativeId);
    if (!draft || draft.status !== "draft") redirect(paths.write(locale, slug, representativeId));
    const result = await submitLetter(flow.id, campaign.id, draft.id);
    if (!result.ok) redirect(paths.write(locale, slug, representativeId));
    if (!flow.proven) redirect(paths.checkEmail(locale, slug, { letter: "held", to: representativeId }));
    redirect(paths.sent(locale, slug, representativeId, { waiting: result.status === "held" }));
  },
);
