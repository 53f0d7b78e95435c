import { ScrollRegion } from "@/components/ScrollRegion";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/organizer/auth";
import { queryParam } from "@/lib/server/forms";
import { getTranslations } from "next-intl/server";
import { formatDate, messageFor } from "@/lib/i18n";
import { listMembers } from "@/lib/organizer/members";
import { changeRoleAction, inviteAction, removeMemberAction, revokeInvitationAction } from "./actions";
import { InviteForm } from "./InviteForm";
import { rolesThatMay } from "@/lib/organizer/access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

const ROLES = ["owner", "editor", "viewer"] as const;
const DONE = ["roleChanged", "removed", "revoked"] as const;

export default async function MembersPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { locale, org } = await params;
  const query = await searchParams;
  const actor = await requireActor(locale, org, rolesThatMay("members.manage"));
  const list = await listMembers(actor);
  if (!list) notFound();
  const o = await getTranslations({ locale: locale, namespace: "organizer" });
  const m = await getTranslations({ locale: locale, namespace: "organizer.members" });
  const done = (DONE as readonly string[]).includes(queryParam(query.done, 40)) ? (queryParam(query.done, 40) as (typeof DONE)[number]) : null;
  const errorCode = queryParam(query.error, 40);
  const error = errorCode && m.has(`errors.${errorCode}` as "errors.generic") ? messageFor(m, "errors", errorCode) : null;
  const scope = { locale, org: actor.organizationSlug };
  const hidden = (name: "userId" | "invitationId", value: string) => <input type="hidden" name={name} value={value} />;
  return (
    <main className="wide">
      <h1>{m("title")}</h1>
      <p className="muted">{m("intro")}</p>
      {done ? (
        <p className="notice ok" role="status">
          {m(done)}
        </p>
      ) : null}
      {error ? (
        <p className="notice error" role="alert">
          {error}
        </p>
      ) : null}

      <section aria-labelledby="members">
        <h2 id="members">{m("membersHeading")}</h2>
        <ScrollRegion labelledBy="members">
          <table>
            <thead>
              <tr>
                <th scope="col">{m("email")}</th>
                <th scope="col">{m("role")}</th>
                <th scope="col">{m("since")}</th>
                <th scope="col">{m("actions")}</th>
              </tr>
            </thead>
            <tbody>
              {list.members.map((u) => (
                <tr key={u.userId}>
                  <td>
                    {u.email} {u.name ? <span className="muted">({u.name})</span> : null} {u.userId === actor.userId ? <strong>{m("you")}</strong> : null}
                  </td>
                  <td>{messageFor(o, "role", u.role)}</td>
                  <td>{formatDate(locale, u.since, "medium")}</td>
                  <td>
                    <div className="row-actions">
                      <form action={changeRoleAction.bind(null, scope)} className="inline-form">
                        {hidden("userId", u.userId)}
                        <label className="visually-hidden" htmlFor={`role-${u.userId}`}>
                          {m("roleFor", { email: u.email })}
                        </label>
                        <select id={`role-${u.userId}`} name="role" defaultValue={u.role}>
                          {ROLES.map((r) => (
                            <option key={r} value={r}>
                              {messageFor(o, "role", r)}
                            </option>
                          ))}
                        </select>
                        <button type="submit" className="secondary">
                          {m("saveRole")}
                        </button>
                      </form>
                      <form action={removeMemberAction.bind(null, scope)}>
                        {hidden("userId", u.userId)}
                        <button type="submit" className="secondary" aria-label={m("removeLabel", { email: u.email })}>
                          {m("remove")}
                        </button>
                      </form>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      <section aria-labelledby="invitations">
        <h2 id="invitations">{m("invitationsHeading")}</h2>
        {list.invitations.length === 0 ? (
          <p className="muted">{m("noInvitations")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{m("email")}</th>
                <th scope="col">{m("role")}</th>
                <th scope="col">{m("expires")}</th>
                <th scope="col">{m("actions")}</th>
              </tr>
            </thead>
            <tbody>
              {list.invitations.map((i) => (
                <tr key={i.id}>
                  <td>{i.email}</td>
                  <td>{messageFor(o, "role", i.role)}</td>
                  <td>{i.expired ? <strong>{m("expired")}</strong> : formatDate(locale, i.expiresAt, "medium")}</td>
                  <td>
                    <form action={revokeInvitationAction.bind(null, scope)}>
                      {hidden("invitationId", i.id)}
                      <button type="submit" className="secondary" aria-label={m("revokeLabel", { email: i.email })}>
                        {m("revoke")}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="invite" className="card">
        <h2 id="invite" style={{ marginTop: 0 }}>
          {m("inviteHeading")}
        </h2>
        <InviteForm action={inviteAction.bind(null, scope)} />
      </section>
    </main>
  );
}
