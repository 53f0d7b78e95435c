import { ScrollRegion } from "@/components/ScrollRegion";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/organizer/auth";
import { queryParam } from "@/lib/server/forms";
import { getTranslations } from "next-intl/server";
import { formatDate } from "@/lib/i18n";
import { listOrganizations } from "@/lib/platform/organizations";
import { createOrganizationAction, reinstateOrganizationAction, suspendOrganizationAction } from "./actions";
import { NewOrganizationForm } from "./NewOrganizationForm";
import { rolesThatMay } from "@/lib/organizer/access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

export default async function OrganizationsPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { locale, org } = await params;
  const query = await searchParams;
  const actor = await requireActor(locale, org, rolesThatMay("platform.manage"));
  const list = await listOrganizations(actor);
  if (!list) notFound();
  const m = await getTranslations({ locale: locale, namespace: "platform" });
  const created = queryParam(query.created, 200);
  const suspended = queryParam(query.suspended, 200);
  const reinstated = queryParam(query.reinstated, 200);
  const error = queryParam(query.error, 20);
  const notice = created
    ? { ok: true, text: m(queryParam(query.mailed) === "1" ? "created_ok" : "created_noMail", { name: created, email: queryParam(query.email, 254) }) }
    : suspended
      ? { ok: true, text: m("suspendedOk", { name: suspended }) }
      : reinstated
        ? { ok: true, text: m("reinstatedOk", { name: reinstated }) }
        : error === "reason"
          ? { ok: false, text: m("errors.organization.suspension.reason") }
          : error
            ? { ok: false, text: m("notFound") }
            : null;
  const scope = { locale, org: actor.organizationSlug };
  const hidden = (organizationId: string) => <input type="hidden" name="organizationId" value={organizationId} />;
  return (
    <main className="wide">
      <h1>{m("title")}</h1>
      <p className="muted">{m("intro")}</p>
      {notice ? (
        <p className={notice.ok ? "notice ok" : "notice error"} role="status">
          {notice.text}
        </p>
      ) : null}
      <section aria-labelledby="orgs">
        <h2 id="orgs">{m("listHeading")}</h2>
        <ScrollRegion labelledBy="orgs">
          <table>
            <thead>
              <tr>
                <th scope="col">{m("name")}</th>
                <th scope="col">{m("slug")}</th>
                <th scope="col">{m("members")}</th>
                <th scope="col">{m("created")}</th>
                <th scope="col">{m("status")}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((x) => (
                <tr key={x.id} id={`org-${x.id}`}>
                  <td>
                    {x.name} {x.isPlatformAdmin ? <span className="badge">{m("platformBadge")}</span> : null}
                  </td>
                  <td>
                    <code>{x.slug}</code>
                  </td>
                  <td>{x.members}</td>
                  <td>{formatDate(locale, x.createdAt)}</td>
                  <td>
                    {x.suspendedAt ? m("suspendedSince", { date: formatDate(locale, x.suspendedAt), reason: x.suspendedReason ?? "—" }) : m("active")}
                    {x.isPlatformAdmin ? null : x.suspendedAt ? (
                      <form action={reinstateOrganizationAction.bind(null, scope)}>
                        {hidden(x.id)}
                        <button type="submit" className="secondary" aria-label={`${m("reinstate")}: ${x.name}`}>
                          {m("reinstate")}
                        </button>
                      </form>
                    ) : (
                      <form action={suspendOrganizationAction.bind(null, scope)}>
                        {hidden(x.id)}
                        <label htmlFor={`reason-${x.id}`}>{m("reasonLabel", { name: x.name })}</label>
                        <input id={`reason-${x.id}`} name="reason" type="text" maxLength={300} />
                        <button type="submit" className="secondary" aria-label={`${m("suspend")}: ${x.name}`}>
                          {m("suspend")}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>
      <section aria-labelledby="new-org" className="card">
        <h2 id="new-org" style={{ marginTop: 0 }}>
          {m("newHeading")}
        </h2>
        <NewOrganizationForm action={createOrganizationAction.bind(null, scope)} locale={locale} />
      </section>
    </main>
  );
}
