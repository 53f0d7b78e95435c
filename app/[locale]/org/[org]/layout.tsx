import type { ReactNode } from "react";
import { requireActor } from "@/lib/organizer/auth";
import { isPlatformOwner } from "@/lib/organizer/access";
import { getTranslations } from "next-intl/server";
import { messageFor } from "@/lib/i18n";
import { paths } from "@/lib/paths";
import { SignOutButton } from "../SignOutButton";
import { OrgNav } from "./OrgNav";

/**
 * The frame of every page of an organization's workspace: whose workspace, the member's role,
 * the sections the role reaches, and signing out. Any member passes here; each page and each
 * action still requires its own permission.
 */
export default async function OrganizationLayout({ children, params }: { children: ReactNode; params: Promise<{ locale: string; org: string }> }) {
  const { locale, org } = await params;
  const actor = await requireActor(locale, org);
  const platform = await isPlatformOwner(actor);
  const m = await getTranslations({ locale, namespace: "organizer" });
  return (
    <>
      <div className="org-frame">
        <p className="org-bar">
          <a href={paths.org.dashboard(locale, actor.organizationSlug)}>{actor.organizationName}</a>
          <span className="muted">{m("yourRole", { role: messageFor(m, "role", actor.role) })}</span>
          <a href={paths.org.home(locale)}>{m("allOrganizations")}</a>
        </p>
        <OrgNav locale={locale} orgSlug={actor.organizationSlug} role={actor.role} platform={platform} />
      </div>
      {children}
      <div className="org-frame">
        <SignOutButton locale={locale} />
      </div>
    </>
  );
}
