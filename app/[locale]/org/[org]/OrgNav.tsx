import type { Actor } from "@/lib/organizer/organizations";
import { translator, type Messages } from "@/lib/i18n";
import { may, type Permission } from "@/lib/organizer/access";
import { paths } from "@/lib/paths";
import { NavLinks } from "./NavLinks";

type Role = Actor["role"];
type NavKey = Exclude<keyof Messages["organizer"]["nav"], "label">;
interface Link {
  key: NavKey;
  href: string;
  permission: Permission;
  /** The route segments below the layout where this link is the current page. */
  match: string[];
}

function render(locale: string, role: Role, links: Link[]) {
  const t = translator(locale);
  return <NavLinks label={t("organizer.nav.label")} links={links.filter((l) => may({ role }, l.permission)).map((l) => ({ href: l.href, text: t(`organizer.nav.${l.key}`), match: l.match }))} />;
}

/**
 * The organization's sections, as far as the member's role reaches. Hiding a link is a courtesy:
 * every page and action checks the permission again on the server.
 */
export function OrgNav({ locale, orgSlug, role, platform = false }: { locale: string; orgSlug: string; role: Role; platform?: boolean }) {
  const section = (s: Parameters<typeof paths.org.section>[2]) => paths.org.section(locale, orgSlug, s);
  return render(locale, role, [
    { key: "campaigns", href: paths.org.dashboard(locale, orgSlug), permission: "dashboard.read", match: [] },
    { key: "newCampaign", href: paths.org.newCampaign(locale, orgSlug), permission: "campaigns.edit", match: ["campaigns", "new"] },
    { key: "members", href: section("members"), permission: "members.manage", match: ["members"] },
    { key: "audit", href: section("audit"), permission: "audit.read", match: ["audit"] },
    { key: "directory", href: section("directory"), permission: "dashboard.read", match: ["directory"] },
    { key: "blocklist", href: section("blocklist"), permission: "blocklist.manage", match: ["blocklist"] },
    { key: "settings", href: section("settings"), permission: "settings.edit", match: ["settings"] },
    ...(platform ? [{ key: "organizations" as const, href: section("organizations"), permission: "platform.manage" as const, match: ["organizations"] }] : []),
  ]);
}

/** A campaign's organizer pages: the dashboard for every member, editing and moderation for owners and editors. */
export function CampaignNav({ locale, orgSlug, campaignId, role }: { locale: string; orgSlug: string; campaignId: string; role: Role }) {
  return render(locale, role, [
    { key: "dashboard", href: paths.org.campaign(locale, orgSlug, campaignId), permission: "dashboard.read", match: [] },
    { key: "edit", href: paths.org.campaignEdit(locale, orgSlug, campaignId), permission: "campaigns.edit", match: ["edit"] },
    { key: "moderation", href: paths.org.moderation(locale, orgSlug, campaignId), permission: "signatures.moderate", match: ["moderation"] },
    { key: "updates", href: paths.org.updates(locale, orgSlug, campaignId), permission: "updates.send", match: ["updates"] },
  ]);
}
