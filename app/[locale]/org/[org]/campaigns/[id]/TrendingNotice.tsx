import { getTranslations } from "next-intl/server";
import { formatNumber, messageFor } from "@/lib/i18n";
import { getTrendingSources, } from "@/lib/organizer/moderation";
import type { Actor } from "@/lib/organizer/organizations";
import { may } from "@/lib/organizer/access";
import { paths } from "@/lib/paths";

/**
 * On the dashboard: a notice when IPs or email domains confirmed an unusual number of signatures
 * in the last hour. Moderators get a link to review them; viewers only the count (no addresses).
 */
export async function TrendingNotice({ locale, actor, campaignId }: { locale: string; actor: Actor; campaignId: string }) {
  const sources = await getTrendingSources(actor, campaignId);
  if (!sources || sources.length === 0) return null;
  const m = await getTranslations({ locale: locale, namespace: "organizer.moderation.trending" });
  const moderator = may(actor, "signatures.moderate");
  return (
    <div className="notice trending-notice" role="status">
      <p>{m("notice", { count: sources.length })}</p>
      {moderator ? (
        <>
          <ul>
            {sources.map((s) => (
              <li key={`${s.kind}:${s.value}`}>
                {messageFor(m, "kind", s.kind)}: <code>{s.value}</code> ({formatNumber(locale, s.confirmations)})
              </li>
            ))}
          </ul>
          <p>
            <a href={paths.org.moderation(locale, actor.organizationSlug, campaignId, undefined, "trending")}>{m("review")}</a>
          </p>
        </>
      ) : null}
    </div>
  );
}
