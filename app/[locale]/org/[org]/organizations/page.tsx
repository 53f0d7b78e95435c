import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth";
import { queryParam } from "@/lib/forms";
import { format, formatDate, getMessages } from "@/lib/i18n";
import { platformMessages } from "@/lib/i18n/messages/platform.fr";
import { listOrganizations } from "@/lib/platform";
import { SignOutButton } from "../../SignOutButton";
import { OrgNav } from "../OrgNav";
import { createOrganizationAction } from "./actions";
import { NewOrganizationForm } from "./NewOrganizationForm";

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
  const actor = await requireActor(locale, org, ["owner"]);
  const list = await listOrganizations(actor);
  if (!list) notFound();
  const m = platformMessages(locale);
  const o = getMessages(locale).organizer;
  const created = queryParam(query.created, 200);
  const notice = created ? format(queryParam(query.mailed) === "1" ? m.created_ok : m.created_noMail, { name: created, email: queryParam(query.email, 254) }) : null;
  return (
    <main className="wide">
      <p>
        <a href={`/${locale}/org/${actor.organizationSlug}`}>← {actor.organizationName}</a>
      </p>
      <h1>{m.title}</h1>
      <OrgNav locale={locale} orgSlug={actor.organizationSlug} role={actor.role} current="organizations" platform />
      <p className="muted">{m.intro}</p>
      {notice ? (
        <p className="notice ok" role="status">
          {notice}
        </p>
      ) : null}
      <section aria-labelledby="orgs">
        <h2 id="orgs">{m.listHeading}</h2>
        <div style={{ overflowX: "auto" }}>
          <table>
            <thead>
              <tr>
                <th scope="col">{m.name}</th>
                <th scope="col">{m.slug}</th>
                <th scope="col">{m.members}</th>
                <th scope="col">{m.created}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((x) => (
                <tr key={x.id}>
                  <td>
                    {x.name} {x.isPlatformAdmin ? <span className="badge">{m.platformBadge}</span> : null}
                  </td>
                  <td>
                    <code>{x.slug}</code>
                  </td>
                  <td>{x.members}</td>
                  <td>{formatDate(locale, x.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="new-org" className="card">
        <h2 id="new-org" style={{ marginTop: 0 }}>
          {m.newHeading}
        </h2>
        <NewOrganizationForm action={createOrganizationAction} locale={locale} orgSlug={actor.organizationSlug} />
      </section>
      <p className="muted">{format(o.yourRole, { role: o.role[actor.role] })}</p>
      <SignOutButton locale={locale} />
    </main>
  );
}
