"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { CAMPAIGN_LOCALES, isLetterLocale, translator } from "@/lib/i18n";
import { z } from "zod";
import { campaignAction, type CampaignScope } from "@/lib/organizer/action";
import type { ActionContext } from "@/lib/server/action";
import type { Actor } from "@/lib/organizer/auth";
import { paths } from "@/lib/paths";
import { formToInput, issuesToFieldErrors, type EditorValues } from "@/lib/campaigns/editor/form";
import { transition } from "@/lib/campaigns/editor/lifecycle";
import { findPreviewRepresentative, previewCampaignBody, previewLetter } from "@/lib/campaigns/editor/preview";
import { getEditorCampaign } from "@/lib/campaigns/editor/read";
import { getRepresentativeChoices, searchRepresentatives } from "@/lib/campaigns/editor/representatives";
import { createCampaign, updateCampaign } from "@/lib/campaigns/editor/save";
import { parseTemplate } from "@/lib/campaigns/editor/schema";
import type { EditorState } from "./state";

/** Fields that steer the action rather than carry the campaign; everything else is a form value. */
const CONTROL = new Set(["intent", "target_rep"]);

function readValues(formData: FormData): EditorValues {
  const values: EditorValues = {};
  for (const [k, v] of formData.entries()) {
    if (typeof v !== "string" || CONTROL.has(k) || k.startsWith("$")) continue;
    values[k] = v;
  }
  // Named targets arrive as ticked checkboxes (kept ones and newly found ones).
  const reps = formData.getAll("target_rep").filter((x): x is string => typeof x === "string" && x.length > 0);
  values.target_reps = [...new Set(reps)].join(",");
  return values;
}

type Ctx = ActionContext<CampaignScope> & { actor: Actor };
/** What every intent starts from: the form as typed, and the named targets to show. */
type Intent = (state: EditorState, values: EditorValues, ctx: Ctx) => Promise<EditorState>;

const enabledLocales = (values: EditorValues) => CAMPAIGN_LOCALES.filter((l) => values[`locale_${l}`] === "on");

/** Renders each enabled language's body as the public page would, without saving. */
const preview: Intent = async (state, values) => {
  state.previews = {};
  for (const l of enabledLocales(values)) {
    const p = previewCampaignBody(values[`body_${l}`] ?? "");
    if (p.ok) state.previews[l] = p.html;
    else state.errors[`body_${l}`] = p.error;
  }
  return state;
};

/** One more empty source row (without JavaScript the form cannot add one itself). */
const addSource: Intent = async (state, _values, { prev }) => ({ ...state, extraSourceRows: ((prev as EditorState | null)?.extraSourceRows ?? 0) + 1 });

/** MPs matching a name or riding, to tick as targets. */
const searchReps: Intent = async (state, values, { locale }) => {
  const repIds = values.target_reps ? values.target_reps.split(",") : [];
  state.repQuery = values.repQuery ?? "";
  state.repResults = (await searchRepresentatives(state.repQuery, locale)).filter((r) => !repIds.includes(r.id));
  return state;
};

/** The letter template filled in for a sample supporter writing to a chosen MP, in each letter language (English, French). */
const previewLetterIntent: Intent = async (state, values, { actor, locale }) => {
  const rep = await findPreviewRepresentative(values.letterRepQuery ?? "");
  if (!rep) return { ...state, formError: "noPreviewMp" };
  state.letterPreviews = [];
  for (const l of enabledLocales(values).filter(isLetterLocale)) {
    const { input } = formToInput(values);
    const parsed = parseTemplate((input as { templates: Record<string, unknown> }).templates[l]);
    if (!parsed.ok) {
      Object.assign(state.errors, issuesToFieldErrors(parsed.issues.map((i) => ({ ...i, path: ["templates", l, ...i.path] })), []));
      continue;
    }
    const sample = translator(l);
    state.letterPreviews.push(
      await previewLetter(parsed.template, rep, l, {
        supporterName: sample("organizer.editor.sampleSupporter"),
        personalParagraph: sample("organizer.editor.samplePersonal"),
        campaignTitle: values[`title_${l}`] || values.slug || translator(locale)("organizer.editor.newTitle"),
        organizationName: actor.organizationName,
        campaignSlug: values.slug ?? "",
      }),
    );
  }
  return state;
};

/** Creates the campaign (a new one) or saves it, and shows what was stored. */
const save: Intent = async (state, values, { actor, locale, scope }) => {
  const { input, sourceRows } = formToInput(values);
  if (!scope.campaign) {
    const r = await createCampaign(actor, input);
    if (r.ok) redirect(paths.org.campaignEdit(locale, actor.organizationSlug, r.campaignId, { created: 1 }));
    if (r.error === "invalid") return { ...state, errors: issuesToFieldErrors(r.issues, sourceRows) };
    return { ...state, formError: "generic" };
  }
  const r = await updateCampaign(actor, scope.campaign, input);
  if (r.ok) {
    // Show what was stored (normalised: blank source rows gone, slug lower-cased).
    const saved = await getEditorCampaign(actor, scope.campaign);
    // The page around the form (heading, public link) shows the saved title and slug too.
    revalidatePath(paths.org.campaignEdit(locale, actor.organizationSlug, scope.campaign));
    return { ...state, values: saved?.values ?? values, saved: true, extraSourceRows: 0 };
  }
  if (r.error === "not_found") redirect(paths.org.dashboard(locale, actor.organizationSlug));
  if (r.error === "archived") return { ...state, formError: "archived" };
  return { ...state, errors: issuesToFieldErrors(r.issues, sourceRows) };
};

const INTENTS = { save, preview, addSource, searchReps, previewLetter: previewLetterIntent };

/**
 * The editor form's action (owners and editors: campaigns.edit). It never trusts the page: the
 * organization comes from the signed-in member's membership, the campaign id is re-checked against
 * it in lib/, and fields other than the editor's (organizationId, status, counts) are ignored.
 * Every intent but "save" saves nothing: it re-renders the form with what was typed, so the page
 * works without JavaScript. A new campaign's scope names no campaign.
 */
export const editorAction = campaignAction(
  "campaigns.edit",
  { fields: ["intent"], schema: z.object({ intent: z.enum(Object.keys(INTENTS) as [keyof typeof INTENTS]).catch("save") }) },
  async ({ intent }, ctx): Promise<EditorState> => {
    const values = readValues(ctx.formData);
    const repIds = values.target_reps ? values.target_reps.split(",") : [];
    const prev = ctx.prev as EditorState | null;
    const state: EditorState = { values, errors: {}, repChoices: await getRepresentativeChoices(repIds, ctx.locale), extraSourceRows: prev?.extraSourceRows };
    return INTENTS[intent](state, values, ctx);
  },
);

/** Publish, close, reopen, archive: re-authorised here and re-checked in lib/. */
export const transitionAction = campaignAction("campaigns.edit", { fields: ["to"], schema: z.object({ to: z.string().max(40) }) }, async ({ to }, { actor, locale, scope }): Promise<void> => {
  const r = await transition(actor, scope.campaign, to);
  if (!r.ok && r.error === "not_found") redirect(paths.org.dashboard(locale, actor.organizationSlug));
  if (r.ok) redirect(paths.org.campaignEdit(locale, actor.organizationSlug, scope.campaign, { done: r.status }));
  // Which fields are missing, so the page can name them (field names only, never their content).
  const missing = r.error === "publish.incomplete" ? Object.keys(issuesToFieldErrors(r.issues, [])).join(",") : undefined;
  redirect(paths.org.campaignEdit(locale, actor.organizationSlug, scope.campaign, { error: r.error, missing }));
});
