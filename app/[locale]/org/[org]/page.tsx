import type { Metadata } from "next";
import { requireActor } from "@/lib/organizer/auth";
import { listOrganizationCampaigns } from "@/lib/campaigns/public";
import { getTranslations } from "next-intl/server";
import { formatDate, messageFor } from "@/lib/i18n";
import { CampaignTable } from "../CampaignTable";
import { SignOutButton } from "../SignOutButton";
import { getOrganizationProfile } from "@/lib/organizer/settings";
import { isPlatformOwner } from "@/lib/organizer/access";
import { OrgNav } from "./OrgNav";
import { OrgSwitcher } from "./OrgSwitcher";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

export default async function OrganizationPage({ params }: { params: Promise<{ locale: string; org: string }> }) {
  const { locale, org } = await params;
  const actor = await requireActor(locale, org);
  const m = await getTranslations({ locale: locale, namespace: "organizer" });
  const [campaigns, platform, profile] = await Promise.all([listOrganizationCampaigns(actor, locale), isPlatformOwner(actor), getOrganizationProfile(actor)]);
  return (
    <main className="wide">
      <p>
        <a href={`/${locale}/org`}>← {m("allOrganizations")}</a>
      </p>
      <h1>{actor.organizationName}</h1>
      <p className="muted">{m("yourRole", { role: messageFor(m, "role", actor.role) })}</p>
      {profile.suspended ? (
        <p className="notice error" role="status">
          {m("suspendedNotice", { date: formatDate(locale, profile.suspended.at), reason: profile.suspended.reason ?? "—" })}
        </p>
      ) : null}
      <OrgSwitcher locale={locale} actor={actor} />
      <OrgNav locale={locale} orgSlug={actor.organizationSlug} role={actor.role} current="campaigns" platform={platform} />
      <h2>{m("campaigns")}</h2>
      <CampaignTable locale={locale} orgSlug={actor.organizationSlug} campaigns={campaigns} />
      <SignOutButton locale={locale} />
    </main>
  );
}
