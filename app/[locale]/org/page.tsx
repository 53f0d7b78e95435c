import type { Metadata } from "next";
import { requireUserId } from "@/lib/organizer/auth";
import { listOrganizationCampaigns } from "@/lib/campaigns/public";
import { getTranslations } from "next-intl/server";
import { messageFor } from "@/lib/i18n";
import { listMyOrganizations } from "@/lib/organizer/organizations";
import { CampaignTable } from "./CampaignTable";
import { SignOutButton } from "./SignOutButton";
import { paths } from "@/lib/paths";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

export default async function OrganizerHome({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  const userId = await requireUserId(locale);
  const m = await getTranslations({ locale: locale, namespace: "organizer" });
  // Each membership is the actor for its own organization's list (the organization comes from it).
  const orgs = await listMyOrganizations(userId);
  const sections = await Promise.all(orgs.map(async (actor) => ({ actor, campaigns: await listOrganizationCampaigns(actor, locale) })));
  return (
    <main className="wide">
      <h1>{m("myOrganizations")}</h1>
      {orgs.length === 0 ? <p>{m("none")}</p> : null}
      {sections.map(({ actor, campaigns }) => (
        <section key={actor.organizationSlug} className="card">
          <h2>
            <a href={paths.org.dashboard(locale, actor.organizationSlug)}>{actor.organizationName}</a> <span className="badge">{messageFor(m, "role", actor.role)}</span>
          </h2>
          <CampaignTable locale={locale} orgSlug={actor.organizationSlug} campaigns={campaigns} />
        </section>
      ))}
      <SignOutButton locale={locale} />
    </main>
  );
}
