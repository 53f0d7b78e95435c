import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ScrollRegion } from "@/components/ScrollRegion";
import { formatDateTime, formatNumber } from "@/lib/i18n";
import { rolesThatMay } from "@/lib/organizer/access";
import { requireActor } from "@/lib/organizer/auth";
import { paths } from "@/lib/paths";
import { listUpdates } from "@/lib/updates/updates";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

/** A campaign's updates to its supporters, with what became of each (owners and editors). */
export default async function UpdatesPage({ params }: { params: Promise<{ locale: string; org: string; id: string }> }) {
  const { locale, org, id } = await params;
  const actor = await requireActor(locale, org, rolesThatMay("updates.send"));
  const list = await listUpdates(actor, id, locale);
  if (!list) notFound();
  const m = await getTranslations({ locale, namespace: "updates" });
  const n = (x: number) => formatNumber(locale, x);
  return (
    <main className="wide">
      <h1>{m("title")}</h1>
      <p className="muted">{m("intro")}</p>
      <p>
        <a className="button" href={paths.org.newUpdate(locale, actor.organizationSlug, list.campaign.id)}>
          {m("newUpdate")}
        </a>
      </p>
      {list.updates.length === 0 ? (
        <p>{m("none")}</p>
      ) : (
        <ScrollRegion labelledBy="updates-caption">
          <table data-testid="updates">
            <caption id="updates-caption" className="visually-hidden">{m("listCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{m("subject")}</th>
                <th scope="col">{m("status")}</th>
                <th scope="col">{m("date")}</th>
                <th scope="col">{m("figures.recipients")}</th>
                <th scope="col">{m("figures.sent")}</th>
                <th scope="col">{m("figures.failed")}</th>
                <th scope="col">{m("figures.unsubscribed")}</th>
              </tr>
            </thead>
            <tbody>
              {list.updates.map((u) => (
                <tr key={u.id}>
                  <th scope="row">
                    <a href={paths.org.update(locale, actor.organizationSlug, list.campaign.id, u.id)}>{u.subject}</a>
                  </th>
                  <td>{m(`statuses.${u.status}`)}</td>
                  <td>{formatDateTime(locale, u.sendStartedAt ?? u.createdAt)}</td>
                  <td>{n(u.figures.recipients)}</td>
                  <td>{n(u.figures.sent)}</td>
                  <td>{n(u.figures.failed)}</td>
                  <td>{n(u.figures.unsubscribed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </main>
  );
}
