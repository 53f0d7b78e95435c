import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/organizer/auth";
import { queryParam } from "@/lib/server/forms";
import { getTranslations } from "next-intl/server";
import { getExportSettings, getOrganizationProfile } from "@/lib/organizer/settings";
import { saveExportSettingsAction, saveSettingsAction } from "./actions";
import { ExportSettingsForm } from "./ExportSettingsForm";
import { SettingsForm } from "./SettingsForm";
import { rolesThatMay } from "@/lib/organizer/access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

export default async function SettingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { locale, org } = await params;
  const query = await searchParams;
  const actor = await requireActor(locale, org, rolesThatMay("settings.edit"));
  const profile = await getOrganizationProfile(actor);
  const exportSettings = await getExportSettings(actor);
  if (!exportSettings) notFound();
  const exportsSaved = queryParam(query.exportsSaved, 10);
  const m = await getTranslations({ locale: locale, namespace: "settings" });
  return (
    <main>
      <h1>{m("title")}</h1>
      <p className="muted">{m("intro")}</p>
      {queryParam(query.saved) === "1" ? (
        <p className="notice ok" role="status">
          {m("saved")}
        </p>
      ) : null}
      {exportsSaved === "1" || exportsSaved === "off" ? (
        <p className="notice ok" role="status">
          {m(exportsSaved === "off" ? "approvalTurnedOff" : "exportsSaved")}
        </p>
      ) : null}
      <SettingsForm action={saveSettingsAction.bind(null, { locale, org: actor.organizationSlug })} profile={profile} />
      <section aria-labelledby="exports-settings">
        <h2 id="exports-settings">{m("exportsHeading")}</h2>
        <ExportSettingsForm action={saveExportSettingsAction.bind(null, { locale, org: actor.organizationSlug })} settings={exportSettings} />
      </section>
    </main>
  );
}
