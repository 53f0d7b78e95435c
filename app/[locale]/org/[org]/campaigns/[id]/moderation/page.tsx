import { ScrollRegion } from "@/components/ScrollRegion";
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { requireActor } from "@/lib/organizer/auth";
import { queryParam } from "@/lib/server/forms";
import { getCampaignForActor } from "@/lib/organizer/dashboard";
import { getTranslations } from "next-intl/server";
import { formatDateTime, formatNumber, messageFor } from "@/lib/i18n";
import { FLAG_QUEUE_PAGE, getFlagQueue, getTrendingSources, listCampaignRidings, parseFlagReason, TRENDING_FACTOR, TRENDING_MIN } from "@/lib/organizer/moderation";
import { ridingName } from "@/lib/directory/representatives";
import { approveSignatureAction, bulkInvalidateAction, invalidateSignatureAction } from "./actions";
import { BulkForm } from "./BulkForm";
import { rolesThatMay } from "@/lib/organizer/access";
import { paths } from "@/lib/paths";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

const DONE = ["approved", "approvedPending", "invalidatedOne", "notFound"] as const;
type Done = (typeof DONE)[number];

export default async function ModerationPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; org: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { locale, org, id } = await params;
  const query = await searchParams;
  const actor = await requireActor(locale, org, rolesThatMay("signatures.moderate"));
  const campaign = await getCampaignForActor(actor, id, locale);
  if (!campaign) notFound();
  const requestedPage = /^\d{1,7}$/.test(queryParam(query.page, 100)) ? Math.max(1, Number(queryParam(query.page, 100))) : 1;
  const [queue, trending, ridings] = await Promise.all([getFlagQueue(actor, campaign.id, requestedPage), getTrendingSources(actor, campaign.id), listCampaignRidings(actor, campaign.id)]);
  if (!queue || !trending || !ridings) notFound();
  const o = await getTranslations({ locale: locale, namespace: "organizer" });
  const m = await getTranslations({ locale: locale, namespace: "organizer.moderation" });
  const n = (x: number) => formatNumber(locale, x);
  const done = (DONE as readonly string[]).includes(queryParam(query.done, 100)) ? (queryParam(query.done, 100) as Done) : null;
  const moderation = (query?: Record<string, string | number | undefined>, hash?: string) => paths.org.moderation(locale, actor.organizationSlug, campaign.id, query, hash);
  const lastPage = Math.max(1, Math.ceil(queue.total / FLAG_QUEUE_PAGE));
  // After the last item of the last page was reviewed, the page before it (keeping the notice).
  if (queue.page > lastPage) redirect(moderation({ page: lastPage, done: done || undefined }, "queue"));
  const pager = await getTranslations({ locale: locale, namespace: "blocklist.queuePager" });
  const pageHref = (p: number) => moderation({ page: p > 1 ? p : undefined }, "queue");
  const reasonText = (reason: string | null) => {
    const r = parseFlagReason(reason);
    return messageFor(m, "reasons", r.kind, "reasons.other", { value: r.value });
  };
  const scope = { locale, org: actor.organizationSlug, campaign: campaign.id };
  const hidden = (signatureId: string) => (
    <>
      <input type="hidden" name="signatureId" value={signatureId} />
      <input type="hidden" name="page" value={queue.page} />
    </>
  );
  return (
    <main className="wide">
      <h1>{m("title", { title: campaign.title })}</h1>
      <p className="muted">{m("intro")}</p>

      <section aria-labelledby="trending">
        <h2 id="trending">{m("trending.heading")}</h2>
        <p className="muted">{m("trending.intro", { min: TRENDING_MIN, factor: TRENDING_FACTOR })}</p>
        {trending.length === 0 ? (
          <p>{m("trending.none")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{m("trending.source")}</th>
                <th scope="col">{m("trending.confirmations")}</th>
                <th scope="col">{m("trending.median")}</th>
                <th scope="col">{m("actions")}</th>
              </tr>
            </thead>
            <tbody>
              {trending.map((t) => (
                <tr key={`${t.kind}:${t.value}`}>
                  <td>
                    {messageFor(m, "trending.kind", t.kind)}: <code>{t.value}</code>
                  </td>
                  <td>{n(t.confirmations)}</td>
                  <td>{n(t.median)}</td>
                  <td>
                    <a href={moderation({ [t.kind === "ip" ? "ipCidr" : "emailDomain"]: t.value }, "bulk")}>{m("filterByRange")}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="queue">
        <h2 id="queue">{m("queueHeading")}</h2>
        {done ? (
          <p className={done === "notFound" ? "notice error" : "notice ok"} role="status">
            {m(done)}
          </p>
        ) : null}
        {queue.total === 0 ? (
          <p>{m("queueEmpty")}</p>
        ) : (
          <>
            {lastPage === 1 ? (
              <p className="muted">{m("queueCount", { count: queue.total, shown: n(Math.min(queue.total, FLAG_QUEUE_PAGE)) })}</p>
            ) : (
              <p className="muted">
                {pager("range", { from: n((queue.page - 1) * FLAG_QUEUE_PAGE + 1), to: n((queue.page - 1) * FLAG_QUEUE_PAGE + queue.items.length), count: n(queue.total) })}
              </p>
            )}
            <ScrollRegion labelledBy="queue">
              <table className="flag-queue">
                <thead>
                  <tr>
                    <th scope="col">{m("signedAt")}</th>
                    <th scope="col">{m("reason")}</th>
                    <th scope="col">{m("riding")}</th>
                    <th scope="col">{m("emailDomain")}</th>
                    <th scope="col">{m("ipPrefix")}</th>
                    <th scope="col">{m("emailConfirmed")}</th>
                    <th scope="col">{m("actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {queue.items.map((s) => {
                    const time = formatDateTime(locale, s.createdAt);
                    return (
                      <tr key={s.id}>
                        <td>{time}</td>
                        <td>{reasonText(s.flagReason)}</td>
                        <td>{s.ridingFedNum && s.ridingNameEn ? ridingName({ nameEn: s.ridingNameEn, nameFr: s.ridingNameFr ?? "" }, locale) : m("unknown")}</td>
                        <td>{s.emailDomain}</td>
                        <td>{s.ipPrefix ? <a href={moderation({ ipCidr: s.ipPrefix }, "bulk")} title={m("filterByRange")}>{s.ipPrefix}</a> : m("unknown")}</td>
                        <td>{s.emailConfirmed ? m("yes") : m("no")}</td>
                        <td>
                          <div className="row-actions">
                            <form action={approveSignatureAction.bind(null, scope)}>
                              {hidden(s.id)}
                              <button type="submit" aria-label={m("approveLabel", { domain: s.emailDomain, time })}>
                                {m("approve")}
                              </button>
                            </form>
                            <form action={invalidateSignatureAction.bind(null, scope)}>
                              {hidden(s.id)}
                              <button type="submit" className="secondary" aria-label={m("invalidateLabel", { domain: s.emailDomain, time })}>
                                {m("invalidate")}
                              </button>
                            </form>
                          </div>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </ScrollRegion>
            {lastPage > 1 ? (
              <nav aria-label={pager("label")} className="actions">
                {queue.page > 1 ? (
                  <a href={pageHref(queue.page - 1)} rel="prev">
                    {o("directory.previous")}
                  </a>
                ) : null}{" "}
                {queue.page < lastPage ? (
                  <a href={pageHref(queue.page + 1)} rel="next">
                    {o("directory.next")}
                  </a>
                ) : null}
              </nav>
            ) : null}
          </>
        )}
      </section>

      <section aria-labelledby="bulk" className="card">
        <h2 id="bulk" style={{ marginTop: 0 }}>
          {m("bulk.heading")}
        </h2>
        <p>{m("bulk.intro")}</p>
        <BulkForm
          action={bulkInvalidateAction.bind(null, scope)}
          locale={locale}
          ridings={ridings.map((r) => ({ fedNum: r.fedNum, name: `${ridingName(r, locale)} (${n(r.signatures)})` }))}
          initial={{ ipCidr: queryParam(query.ipCidr, 100), emailDomain: queryParam(query.emailDomain, 100) }}
        />
      </section>
    </main>
  );
}
