import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { listMyOrganizations, requireActor } from "@/lib/auth";
import { listOrganizationCampaigns } from "@/lib/campaigns";
import { formatNumber, getMessages } from "@/lib/i18n";
import { signOutAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

export default async function OrganizerHome({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  const orgs = await listMyOrganizations();
  if (!orgs) redirect(`/${locale}/org/sign-in`);
  const m = getMessages(locale).organizer;
  // Each organization's campaigns, read through the member's own authorisation.
  const sections = await Promise.all(
    orgs.map(async (o) => ({ org: o, campaigns: await listOrganizationCampaigns(await requireActor(locale, o.slug), locale) })),
  );
  return (
    <main className="wide">
      <h1>{m.myOrganizations}</h1>
      {orgs.length === 0 ? <p>{m.none}</p> : null}
      {sections.map(({ org, campaigns }) => (
        <section key={org.slug} className="card">
          <h2>
            {org.name} <span className="badge">{m.role[org.role]}</span>
          </h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{m.campaigns}</th>
                <th scope="col">{m.status}</th>
                <th scope="col">{m.confirmed}</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((c) => (
                <tr key={c.id}>
                  <td>
                    <a href={`/${locale}/campaigns/${c.slug}`}>{c.title}</a>
                  </td>
                  <td>{m.campaignStatus[c.status]}</td>
                  <td>{formatNumber(locale, c.confirmed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <form action={signOutAction.bind(null, locale)}>
        <button type="submit" className="secondary">
          {m.signOut}
        </button>
      </form>
    </main>
  );
}
