import { ScrollRegion } from "@/components/ScrollRegion";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/organizer/auth";
import { queryParam } from "@/lib/server/forms";
import { actionLabel, listAuditActions, listAuditLog } from "@/lib/organizer/audit";
import { getTranslations } from "next-intl/server";
import { formatDateTime } from "@/lib/i18n";
import { rolesThatMay } from "@/lib/organizer/access";
import { paths } from "@/lib/paths";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

/** A row's details as short "key: value" text (filters, counts, roles); nested values as compact JSON. */
function describe(detail: Record<string, unknown> | null): string {
  if (!detail) return "";
  return Object.entries(detail)
    .filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => {
      if (v && typeof v === "object" && !Array.isArray(v)) {
        const inner = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== null && x !== "" && x !== false);
        return `${k}: ${inner.map(([a, b]) => `${a}=${String(b)}`).join(", ")}`;
      }
      return `${k}: ${Array.isArray(v) ? v.join(", ") : String(v)}`;
    })
    .join("; ");
}

export default async function AuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { locale, org } = await params;
  const query = await searchParams;
  const actor = await requireActor(locale, org, rolesThatMay("audit.read"));
  const action = queryParam(query.action);
  const [page, actions] = await Promise.all([listAuditLog(actor, { action, before: queryParam(query.before) || undefined }, locale), listAuditActions(actor)]);
  if (!page || !actions) notFound();
  const m = await getTranslations({ locale: locale, namespace: "organizer.members.audit" });
  const base = paths.org.section(locale, actor.organizationSlug, "audit");
  const withAction = (extra: string) => `${base}?${new URLSearchParams({ ...(action ? { action } : {}), ...(extra ? { before: extra } : {}) }).toString()}`;
  return (
    <main className="wide">
      <h1 id="audit-title">{m("title")}</h1>
      <p className="muted">{m("intro")}</p>
      <form method="get" action={base} className="inline-form">
        <label htmlFor="audit-action">{m("filter")}</label>
        <select id="audit-action" name="action" defaultValue={action}>
          <option value="">{m("allActions")}</option>
          {actions.map((a) => (
            <option key={a} value={a}>
              {actionLabel(locale, a)}
            </option>
          ))}
        </select>
        <button type="submit" className="secondary">
          {m("apply")}
        </button>
      </form>
      {page.rows.length === 0 ? (
        <p>{m("empty")}</p>
      ) : (
        <ScrollRegion labelledBy="audit-title">
          <table className="audit-log">
            <thead>
              <tr>
                <th scope="col">{m("when")}</th>
                <th scope="col">{m("who")}</th>
                <th scope="col">{m("action")}</th>
                <th scope="col">{m("detail")}</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(locale, r.at)}</td>
                  <td>{r.actorEmail ?? m("removedUser")}</td>
                  <td>{r.label}</td>
                  <td>
                    <span className="audit-detail">{describe(r.detail)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <p className="actions">
        {queryParam(query.before) ? <a href={withAction("")}>{m("newest")}</a> : null}
        {page.nextBefore ? <a href={withAction(String(page.nextBefore))}>{m("older")}</a> : null}
      </p>
    </main>
  );
}
