import { getTranslations } from "next-intl/server";
import { messageFor } from "@/lib/i18n";
import { listMyOrganizations, type Actor } from "@/lib/organizer/organizations";
import { paths } from "@/lib/paths";

/**
 * The organizations the signed-in member belongs to, as plain links in a disclosure: it works
 * without JavaScript and with the keyboard. Nothing is shown to a member of a single organization.
 */
export async function OrgSwitcher({ locale, actor }: { locale: string; actor: Actor }) {
  const orgs = await listMyOrganizations(actor.userId);
  if (orgs.length < 2) return null;
  const m = await getTranslations({ locale: locale, namespace: "organizer" });
  return (
    <details className="org-switcher">
      <summary>{m("members.switcher.label")}</summary>
      <ul>
        {orgs.map((o) => (
          <li key={o.organizationSlug}>
            {o.organizationSlug === actor.organizationSlug ? (
              <span aria-current="page">
                {o.organizationName} ({messageFor(m, "role", o.role)}, {m("members.switcher.current")})
              </span>
            ) : (
              <a href={paths.org.dashboard(locale, o.organizationSlug)}>
                {o.organizationName} ({messageFor(m, "role", o.role)})
              </a>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}
