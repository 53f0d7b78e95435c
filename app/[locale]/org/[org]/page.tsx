import type { Metadata } from "next";
import { requireActor } from "@/lib/organizer/auth";
import { listOrganizationCampaigns } from "@/lib/campaigns/public";
import { getTranslations } from "next-intl/server";
import { formatDate } from "@/lib/i18n";
import { CampaignTable } from "../CampaignTable";
import { getOrganizationProfile } from "@/lib/organizer/settings";
import { OrgSwitcher } from "./OrgSwitcher";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

export default async function OrganizationPage({ params }: { params: Promise<{ locale: string; org: string }> }) {
  const { locale, org } = await params;
  const actor = await requireActor(locale, org);
  const m = await getTranslations({ locale: locale, namespace: "organizer" });
  const [campaigns, profile] = await Promise.all([listOrganizationCampaigns(actor, locale), getOrganizationProfile(actor)]);
  return (
    <main className="wide">
      <h1>{actor.organizationName}</h1>
      {profile.suspended ? (
        <p className="notice error" role="status">
          {m("suspendedNotice", { date: formatDate(locale, profile.suspended.at), reason: profile.suspended.reason ?? "—" })}
        </p>
      ) : null}
      <OrgSwitcher locale={locale} actor={actor} />
      <h2>{m("campaigns")}</h2>
      <CampaignTable locale={locale} orgSlug={actor.organizationSlug} campaigns={campaigns} />
    </main>
  );
}
