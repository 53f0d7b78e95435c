import type { Actor } from "@/lib/organizations";
import { getMessages } from "@/lib/i18n";

type Role = Actor["role"];
type NavKey = Exclude<keyof ReturnType<typeof getMessages>["organizer"]["nav"], "label">;

/** Links the member's role reaches, the current one marked for assistive technology. */
function SubNav<K extends NavKey>({ locale, links, role, current }: { locale: string; links: { key: K; href: string; roles: readonly Role[] }[]; role: Role; current?: K }) {
  const m: Record<NavKey | "label", string> = getMessages(locale).organizer.nav;
  return (
    <nav aria-label={m.label} className="subnav">
      {links
        .filter((l) => l.roles.includes(role))
        .map((l) => (
          <a key={l.key} href={l.href} aria-current={current === l.key ? "page" : undefined}>
            {m[l.key]}
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
    { key: "campaigns", href: base, roles: ["owner", "editor", "viewer"] },
    { key: "newCampaign", href: `${base}/campaigns/new`, roles: ["owner", "editor"] },
    { key: "members", href: `${base}/members`, roles: ["owner"] },
    { key: "audit", href: `${base}/audit`, roles: ["owner"] },
    { key: "directory", href: `${base}/directory`, roles: ["owner", "editor", "viewer"] },
    { key: "blocklist", href: `${base}/blocklist`, roles: ["owner", "editor"] },
    { key: "settings", href: `${base}/settings`, roles: ["owner"] },
    ...(platform ? [{ key: "organizations" as const, href: `${base}/organizations`, roles: ["owner"] as const }] : []),
  ];
  return <SubNav locale={locale} links={links} role={role} current={current} />;
}

type CampaignSection = "dashboard" | "edit" | "moderation";

/** A campaign's organizer pages: the dashboard for everyone, editing and moderation for owners and editors. */
export function CampaignNav({ locale, orgSlug, campaignId, role, current }: { locale: string; orgSlug: string; campaignId: string; role: Actor["role"]; current?: CampaignSection }) {
  const base = `/${locale}/org/${orgSlug}/campaigns/${campaignId}`;
  const links: { key: CampaignSection; href: string; roles: readonly Actor["role"][] }[] = [
    { key: "dashboard", href: base, roles: ["owner", "editor", "viewer"] },
    { key: "edit", href: `${base}/edit`, roles: ["owner", "editor"] },
    { key: "moderation", href: `${base}/moderation`, roles: ["owner", "editor"] },
  ];
  return <SubNav locale={locale} links={links} role={role} current={current} />;
}
