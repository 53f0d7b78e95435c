import type { Metadata } from "next";
import { requireActor } from "@/lib/organizer/auth";
import { queryParam } from "@/lib/server/forms";
import { getTranslations } from "next-intl/server";
import { messageFor } from "@/lib/i18n";
import { getOrganizationProfile, } from "@/lib/organizer/settings";
import { SignOutButton } from "../../SignOutButton";
import { OrgNav } from "../OrgNav";
import { saveSettingsAction } from "./actions";
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
  const m = await getTranslations({ locale: locale, namespace: "settings" });
  const o = await getTranslations({ locale: locale, namespace: "organizer" });
  return (
    <main>
      <p>
        <a href={`/${locale}/org/${actor.organizationSlug}`}>← {profile.name}</a>
      </p>
      <h1>{m("title")}</h1>
      <OrgNav locale={locale} orgSlug={actor.organizationSlug} role={actor.role} current="settings" />
      <p className="muted">{m("intro")}</p>
      {queryParam(query.saved) === "1" ? (
        <p className="notice ok" role="status">
          {m("saved")}
        </p>
      ) : null}
      <SettingsForm action={saveSettingsAction} locale={locale} profile={profile} />
      <p className="muted">{o("yourRole", { role: messageFor(o, "role", actor.role) })}</p>
      <SignOutButton locale={locale} />
    </main>
  );
}
