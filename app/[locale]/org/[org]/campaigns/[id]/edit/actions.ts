"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/organizer/auth";
import {
  createCampaign,
  findPreviewRepresentative,
  formToInput,
  getEditorCampaign,
  getRepresentativeChoices,
  issuesToFieldErrors,
  parseTemplate,
  previewCampaignBody,
  previewLetter,
  searchRepresentatives,
  transition,
  updateCampaign,
  type EditorValues,
} from "@/lib/campaigns/editor";
import { getTranslations } from "next-intl/server";
import { isLocale, LOCALES, translator } from "@/lib/i18n";
import type { EditorState } from "./state";
import { rolesThatMay } from "@/lib/organizer/access";

/** Fields that steer the action rather than carry the campaign; everything else is a form value. */
const CONTROL = new Set(["orgSlug", "campaignId", "locale", "intent", "target_rep"]);

function str(formData: FormData, name: string): string {
  const v = formData.get(name);
  return typeof v === "string" ? v : "";
}

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

/**
 * The editor form's one action. It never trusts the page: the organization comes from the
 * signed-in member's membership (requireActor), the campaign id is re-checked against it in
 * lib/, and fields other than the editor's (organizationId, status, counts) are ignored.
 * "preview", "searchReps", "previewLetter" and "addSource" save nothing: they re-render the
 * form with what was typed, so the page works without JavaScript.
 */
export async function editorAction(prev: EditorState, formData: FormData): Promise<EditorState> {
  const locale = isLocale(str(formData, "locale")) ? str(formData, "locale") : "en";
  const actor = await requireActor(locale, str(formData, "orgSlug"), rolesThatMay("campaigns.edit"));
  const campaignId = str(formData, "campaignId");
  const intent = str(formData, "intent") || "save";
  const values = readValues(formData);
  const m = await getTranslations({ locale: locale, namespace: "organizer.editor" });
  const repIds = values.target_reps ? values.target_reps.split(",") : [];
  const state: EditorState = { values, errors: {}, repChoices: await getRepresentativeChoices(repIds, locale), extraSourceRows: prev.extraSourceRows };
  const enabled = LOCALES.filter((l) => values[`locale_${l}`] === "on");

  if (intent === "preview") {
    state.previews = {};
    for (const l of enabled) {
      const preview = previewCampaignBody(values[`body_${l}`] ?? "");
      if (preview.ok) state.previews[l] = preview.html;
      else state.errors[`body_${l}`] = preview.error;
    }
    return state;
  }
  if (intent === "addSource") {
    state.extraSourceRows = (prev.extraSourceRows ?? 0) + 1;
    return state;
  }
  if (intent === "searchReps") {
    state.repQuery = values.repQuery ?? "";
    state.repResults = (await searchRepresentatives(state.repQuery, locale)).filter((r) => !repIds.includes(r.id));
    return state;
  }
  if (intent === "previewLetter") {
    const rep = await findPreviewRepresentative(values.letterRepQuery ?? "");
    if (!rep) return { ...state, formError: "noPreviewMp" };
    state.letterPreviews = [];
    for (const l of enabled) {
      const { input } = formToInput(values);
      const raw = (input as { templates: Record<string, unknown> }).templates[l];
      const parsed = parseTemplate(raw);
      if (!parsed.ok) {
        Object.assign(state.errors, issuesToFieldErrors(parsed.issues.map((i) => ({ ...i, path: ["templates", l, ...i.path] })), []));
        continue;
      }
      state.letterPreviews.push(
        await previewLetter(parsed.template, rep, l, {
          supporterName: translator(l)("organizer.editor.sampleSupporter"),
          personalParagraph: translator(l)("organizer.editor.samplePersonal"),
          campaignTitle: values[`title_${l}`] || values.slug || m("newTitle"),
          organizationName: actor.organizationName,
          campaignSlug: values.slug ?? "",
        }),
      );
    }
    return state;
  }

  // Save.
  const { input, sourceRows } = formToInput(values);
  if (!campaignId) {
    const r = await createCampaign(actor, input);
    if (r.ok) redirect(`/${locale}/org/${actor.organizationSlug}/campaigns/${r.campaignId}/edit?created=1`);
    if (r.error === "invalid") return { ...state, errors: issuesToFieldErrors(r.issues, sourceRows) };
    return { ...state, formError: "generic" };
  }
  const r = await updateCampaign(actor, campaignId, input);
  if (r.ok) {
    // Show what was stored (normalised: blank source rows gone, slug lower-cased).
    const saved = await getEditorCampaign(actor, campaignId);
    // The page around the form (heading, public link) shows the saved title and slug too.
    revalidatePath(`/${locale}/org/${actor.organizationSlug}/campaigns/${campaignId}/edit`);
    return { ...state, values: saved?.values ?? values, saved: true, extraSourceRows: 0 };
  }
  if (r.error === "not_found") redirect(`/${locale}/org/${actor.organizationSlug}`);
  if (r.error === "archived") return { ...state, formError: "archived" };
  return { ...state, errors: issuesToFieldErrors(r.issues, sourceRows) };
}

/** Publish, close, reopen, archive: from hidden inputs, re-authorised here and re-checked in lib/. */
export async function transitionAction(formData: FormData): Promise<void> {
  const locale = isLocale(str(formData, "locale")) ? str(formData, "locale") : "en";
  const actor = await requireActor(locale, str(formData, "orgSlug"), rolesThatMay("campaigns.edit"));
  const campaignId = str(formData, "campaignId");
  const r = await transition(actor, campaignId, str(formData, "to"));
  const base = `/${locale}/org/${actor.organizationSlug}`;
  if (!r.ok && r.error === "not_found") redirect(base);
  const edit = `${base}/campaigns/${campaignId}/edit`;
  if (r.ok) redirect(`${edit}?done=${r.status}`);
  // Which fields are missing, so the page can name them (field names only, never their content).
  const missing = r.error === "publish.incomplete" ? `&missing=${Object.keys(issuesToFieldErrors(r.issues, [])).join(",")}` : "";
  redirect(`${edit}?error=${encodeURIComponent(r.error)}${missing}`);
}
