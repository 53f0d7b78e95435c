import type { ReactNode } from "react";
import { requireActor } from "@/lib/organizer/auth";
import { CampaignNav } from "../../OrgNav";

/** A campaign's pages share its sections; whether the campaign is this organization's, each page checks. */
export default async function CampaignLayout({ children, params }: { children: ReactNode; params: Promise<{ locale: string; org: string; id: string }> }) {
  const { locale, org, id } = await params;
  const actor = await requireActor(locale, org);
  return (
    <>
      <div className="org-frame">
        <CampaignNav locale={locale} orgSlug={actor.organizationSlug} campaignId={id} role={actor.role} />
      </div>
      {children}
    </>
  );
}
