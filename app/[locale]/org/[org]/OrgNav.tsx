import type { Actor } from "@/lib/organizer/organizations";
import { getTranslations } from "next-intl/server";
import type { Messages } from "@/lib/i18n";
import { rolesThatMay } from "@/lib/organizer/access";

type Role = Actor["role"];
type NavKey = Exclude<keyof Messages["organizer"]["nav"], "label">;

/** Links the member's role reaches, the current one marked for assistive technology. */
async function SubNav<K extends NavKey>({ locale, links, role, current }: { locale: string; links: { key: K; href: string; roles: readonly Role[] }[]; role: Role; current?: K }) {
  const m = await getTranslations({ locale: locale, namespace: "organizer.nav" });
  return (
    <nav aria-label={m("label")} className="subnav">
      {links
        .filter((l) => l.roles.includes(role))
        .map((l) => (
          <a key={l.key} href={l.href} aria-current={current === l.key ? "page" : undefined}>
            {m(l.key as NavKey)}
          </a>
        ))}
    </nav>
  );
}

type Section = "campaigns" | "newCampaign" | "members" | "audit" | "directory" | "blocklist" | "settings" | "organizations";

/**
 * The organization's sections, as far as the member's role reaches. Hiding a link is a courtesy:
 * every page and action checks the role again on the server.
 */
export function OrgNav({
  locale,
  orgSlug,
  role,
  current,
  platform = false,
}: {
  locale: string;
  orgSlug: string;
  role: Actor["role"];
  current?: Section;
  /** Owners of a platform organization also manage the platform's organizations. */
  platform?: boolean;
}) {
  const base = `/${locale}/org/${orgSlug}`;
  const links: { key: Section; href: string; roles: readonly Actor["role"][] }[] = [
    { key: "campaigns", href: base, roles: rolesThatMay("dashboard.read") },
    { key: "newCampaign", href: `${base}/campaigns/new`, roles: rolesThatMay("campaigns.edit") },
    { key: "members", href: `${base}/members`, roles: rolesThatMay("members.manage") },
    { key: "audit", href: `${base}/audit`, roles: rolesThatMay("audit.read") },
    { key: "directory", href: `${base}/directory`, roles: rolesThatMay("dashboard.read") },
    { key: "blocklist", href: `${base}/blocklist`, roles: rolesThatMay("blocklist.manage") },
    { key: "settings", href: `${base}/settings`, roles: rolesThatMay("settings.edit") },
    ...(platform ? [{ key: "organizations" as const, href: `${base}/organizations`, roles: rolesThatMay("platform.manage") }] : []),
  ];
  return <SubNav locale={locale} links={links} role={role} current={current} />;
}

type CampaignSection = "dashboard" | "edit" | "moderation";

/** A campaign's organizer pages: the dashboard for everyone, editing and moderation for owners and editors. */
export function CampaignNav({ locale, orgSlug, campaignId, role, current }: { locale: string; orgSlug: string; campaignId: string; role: Actor["role"]; current?: CampaignSection }) {
  const base = `/${locale}/org/${orgSlug}/campaigns/${campaignId}`;
  const links: { key: CampaignSection; href: string; roles: readonly Actor["role"][] }[] = [
    { key: "dashboard", href: base, roles: rolesThatMay("dashboard.read") },
    { key: "edit", href: `${base}/edit`, roles: rolesThatMay("campaigns.edit") },
    { key: "moderation", href: `${base}/moderation`, roles: rolesThatMay("signatures.moderate") },
  ];
  return <SubNav locale={locale} links={links} role={role} current={current} />;
}
