import { ScrollRegion } from "@/components/ScrollRegion";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/organizer/auth";
import { queryParam } from "@/lib/server/forms";
import { listBlocklist, type BlocklistEntry } from "@/lib/organizer/blocklist";
import { getTranslations } from "next-intl/server";
import { formatDateTime, messageFor } from "@/lib/i18n";
import { addBlockAction, removeBlockAction } from "./actions";
import { AddForm } from "./AddForm";
import { rolesThatMay } from "@/lib/organizer/access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

export default async function BlocklistPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { locale, org } = await params;
  const query = await searchParams;
  const actor = await requireActor(locale, org, rolesThatMay("blocklist.manage"));
  const entries = await listBlocklist(actor);
  if (!entries) notFound();
  const m = await getTranslations({ locale: locale, namespace: "blocklist" });
  const scope = { locale, org: actor.organizationSlug };
  const own = entries.filter((e) => e.own);
  const global = entries.filter((e) => !e.own);
  const notice = queryParam(query.added)
    ? { ok: true, text: m("addedOk", { value: queryParam(query.added) }) }
    : queryParam(query.removed)
      ? { ok: true, text: m("removedOk", { value: queryParam(query.removed) }) }
      : queryParam(query.error)
        ? { ok: false, text: m("notFound") }
        : null;
  const table = (rows: BlocklistEntry[], removable: boolean) => (
    <ScrollRegion labelledBy={removable ? "own" : "global"}>
      <table className="blocklist">
        <thead>
          <tr>
            <th scope="col">{m("kindHeading")}</th>
            <th scope="col">{m("value")}</th>
            <th scope="col">{m("reason")}</th>
            <th scope="col">{m("added")}</th>
            {removable ? <th scope="col">{m("addedBy")}</th> : null}
            {removable ? <th scope="col">{m("actions")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.id}>
              <td>{messageFor(m, "kind", e.kind)}</td>
              <td>
                <code>{e.value}</code>
              </td>
              <td>{e.reason ?? ""}</td>
              <td>{formatDateTime(locale, e.createdAt)}</td>
              {removable ? <td>{e.createdByEmail ?? m("unknownUser")}</td> : null}
              {removable ? (
                <td>
                  <form action={removeBlockAction.bind(null, scope)}>
                    <input type="hidden" name="entryId" value={e.id} />
                    <button type="submit" className="secondary" aria-label={m("removeLabel", { value: e.value })}>
                      {m("remove")}
                    </button>
                  </form>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
  return (
    <main className="wide">
      <h1>{m("title")}</h1>
      <p className="muted">{m("intro")}</p>
      {notice ? (
        <p className={notice.ok ? "notice ok" : "notice error"} role="status">
          {notice.text}
        </p>
      ) : null}

      <section aria-labelledby="own">
        <h2 id="own">{m("own")}</h2>
        {own.length === 0 ? <p>{m("empty")}</p> : table(own, true)}
      </section>

      <section aria-labelledby="add" className="card">
        <h2 id="add" style={{ marginTop: 0 }}>
          {m("addHeading")}
        </h2>
        <AddForm action={addBlockAction.bind(null, scope)} />
      </section>

      {global.length > 0 ? (
        <section aria-labelledby="global">
          <h2 id="global">{m("global")}</h2>
          <p className="muted">{m("globalIntro")}</p>
          {table(global, false)}
        </section>
      ) : null}
    </main>
  );
}
