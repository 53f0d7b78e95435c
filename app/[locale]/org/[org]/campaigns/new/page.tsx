import type { Metadata } from "next";
import { requireActor } from "@/lib/organizer/auth";
import { getTranslations } from "next-intl/server";
import { getOrganizationProfile } from "@/lib/organizer/settings";
import { editorAction } from "../[id]/edit/actions";
import { EditorForm } from "../[id]/edit/EditorForm";
import { rolesThatMay } from "@/lib/organizer/access";
import { CAMPAIGN_LOCALES, isCampaignLocale, isLetterLocale } from "@/lib/i18n";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

export default async function NewCampaignPage({ params }: { params: Promise<{ locale: string; org: string }> }) {
  const { locale, org } = await params;
  const actor = await requireActor(locale, org, rolesThatMay("campaigns.edit"));
  const m = await getTranslations({ locale: locale, namespace: "organizer.editor" });
  // A new campaign starts in the organization's working language (settings), written to each
  // supporter's own MP. Letters reach offices in English or French: an organization working in
  // Armenian starts in Armenian and English, the English version carrying the letter template.
  const { defaultLocale } = await getOrganizationProfile(actor);
  const first = isCampaignLocale(defaultLocale) ? defaultLocale : "en";
  const starting: string[] = isLetterLocale(first) ? [first] : [first, "en"];
  const values = {
    goal: "1000",
    ...Object.fromEntries(CAMPAIGN_LOCALES.map((l) => [`locale_${l}`, starting.includes(l) ? "on" : ""])),
    target_own_mp: "on",
  };
  return (
    <main className="wide">
      <h1>{m("newTitle")}</h1>
      <EditorForm action={editorAction.bind(null, { locale, org: actor.organizationSlug, campaign: "" })} isNew initial={{ values, errors: {}, repChoices: [] }} />
    </main>
  );
}
