import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { renderMarkdown } from "@/lib/campaigns/markdown";
import { ridingName } from "@/lib/directory/representatives";
import { catalogue, formatDateTime, formatNumber, messageFor } from "@/lib/i18n";
import { LOCALE_NAMES } from "@/lib/i18n/config";
import { may, rolesThatMay } from "@/lib/organizer/access";
import { requireActor } from "@/lib/organizer/auth";
import { queryParam } from "@/lib/server/forms";
import { paths } from "@/lib/paths";
import { getUpdate, reachableByProvince, UPDATE_SUBJECT_MAX, type UpdateDetail } from "@/lib/updates/updates";
import { saveUpdateAudienceAction, saveUpdateContentAction, sendUpdateAction, testUpdateAction } from "../actions";
import { ContentForm } from "../ContentForm";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

const SAVED = ["content", "audience", "test", "sent"] as const;

/**
 * One update. A draft: its text, its audience, a preview in each language, a test to oneself and
 * the send button. Once sent: what it said, to whom, and what became of it.
 */
export default async function UpdatePage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; org: string; id: string; updateId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { locale, org, id, updateId } = await params;
  const query = await searchParams;
  const actor = await requireActor(locale, org, rolesThatMay("updates.send"));
  const u = await getUpdate(actor, id, updateId, locale);
  if (!u) notFound();
  const m = await getTranslations({ locale, namespace: "updates" });
  const n = (x: number) => formatNumber(locale, x);
  const scope = { locale, org: actor.organizationSlug, campaign: u.campaign.id };
  const subject = (u.content[locale as keyof UpdateDetail["content"]] ?? u.content[u.campaign.locales[0]])?.subject ?? "";
  const saved = (SAVED as readonly string[]).includes(queryParam(query.saved, 20)) ? queryParam(query.saved, 20) : null;
  const error = queryParam(query.error, 40);
  const savedText = { content: m("saved"), audience: m("audienceSaved"), test: m("testSent"), sent: m("sendStarted") } as Record<string, string>;
  const hidden = <input type="hidden" name="update" value={u.id} />;
  const draft = u.status === "draft";
  const ready = draft && u.missingLocales.length === 0;

  return (
    <main className="wide">
      <p>
        <a href={paths.org.updates(locale, actor.organizationSlug, u.campaign.id)}>{m("back")}</a>
      </p>
      <h1>{m("editTitle", { subject })}</h1>
      {saved ? (
        <p className="notice ok" role="status">
          {savedText[saved]}
        </p>
      ) : null}
      {error ? (
        <p className="notice error" role="alert">
          {messageFor(m, "errors", error, "errors.generic")}
        </p>
      ) : null}

      {draft ? null : <Figures u={u} locale={locale} />}

      {draft ? (
        <section aria-labelledby="update-content">
          <h2 id="update-content">{m("contentHeading")}</h2>
          <ContentForm
            action={saveUpdateContentAction.bind(null, scope)}
            locales={u.campaign.locales}
            updateId={u.id}
            initial={Object.fromEntries(u.campaign.locales.flatMap((l) => [[`subject_${l}`, u.content[l]?.subject ?? ""], [`body_${l}`, u.content[l]?.body ?? ""]]))}
            subjectMax={UPDATE_SUBJECT_MAX}
          />
        </section>
      ) : null}

      <section aria-labelledby="update-audience">
        <h2 id="update-audience">{m("audienceHeading")}</h2>
        <p className="muted">{m("audienceIntro")}</p>
        {draft ? <AudienceForm u={u} locale={locale} action={saveUpdateAudienceAction.bind(null, scope)} hidden={hidden} actorOrg={actor} /> : <AudienceSummary u={u} locale={locale} />}
        <p data-testid="audience-size">
          <strong>{m("audienceSize", { count: u.audienceSize })}</strong>
        </p>
      </section>

      {u.campaign.locales
        .filter((l) => u.content[l])
        .map((l) => (
          <section key={l} aria-labelledby={`preview-${l}`} className="card" data-testid={`preview-${l}`}>
            <h2 id={`preview-${l}`}>{m("previewHeading", { language: LOCALE_NAMES[l] })}</h2>
            <p lang={l}>
              <strong>{m("previewSubject", { subject: u.content[l]!.subject })}</strong>
            </p>
            <div lang={l} dangerouslySetInnerHTML={{ __html: renderMarkdown(u.content[l]!.body) }} />
            <p className="muted">{m("previewFooter")}</p>
          </section>
        ))}

      {ready ? (
        <section aria-labelledby="update-test">
          <h2 id="update-test">{m("testHeading")}</h2>
          <p className="muted">{m("testIntro")}</p>
          {u.testSentAt ? <p>{m("testSentAt", { date: formatDateTime(locale, u.testSentAt) })}</p> : null}
          <form action={testUpdateAction.bind(null, scope)}>
            {hidden}
            <button type="submit" className="secondary">
              {m("testButton")}
            </button>
          </form>
        </section>
      ) : null}

      {ready ? (
        <section aria-labelledby="update-send">
          <h2 id="update-send">{m("sendHeading")}</h2>
          {u.sender.suspended ? (
            <p className="notice error">{m("suspended")}</p>
          ) : !u.sender.contactEmail || !u.sender.mailingAddress ? (
            <p className="notice error" data-testid="sender-missing">
              {m("senderMissing")} {may(actor, "settings.edit") ? <a href={paths.org.section(locale, actor.organizationSlug, "settings")}>{m("senderLink")}</a> : null}
            </p>
          ) : u.audienceSize === 0 ? (
            <p className="notice">{m("errors.empty")}</p>
          ) : (
            <form action={sendUpdateAction.bind(null, scope)}>
              {hidden}
              <p className="muted">{m("sendNote")}</p>
              <button type="submit">{m("sendButton", { count: u.audienceSize })}</button>
            </form>
          )}
        </section>
      ) : null}
    </main>
  );

  function Figures({ u, locale }: { u: UpdateDetail; locale: string }) {
    const f = u.figures;
    const done = f.sent + f.failed + f.skipped;
    return (
      <section aria-labelledby="update-figures">
        <h2 id="update-figures">{m("figuresCaption")}</h2>
        <p role="status" data-testid="update-state">
          {u.status === "sent" && u.finishedAt
            ? m("sentOn", { date: formatDateTime(locale, u.sendStartedAt ?? u.finishedAt), count: f.recipients })
            : m("sending", { done: n(done), recipients: n(f.recipients) })}
        </p>
        <p className="muted">{m("readOnly")}</p>
        <table data-testid="update-figures">
          <tbody>
            {(["recipients", "sent", "failed", "skipped", "waiting", "unsubscribed"] as const).map((k) => (
              <tr key={k}>
                <th scope="row">{m(`figures.${k}`)}</th>
                <td>{n(f[k])}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">{m("skippedHint")}</p>
      </section>
    );
  }
}

function provinceNames(locale: string): Record<string, string> {
  return catalogue(locale).organizer.provinces as Record<string, string>;
}

/** The provinces and ridings ticked when the update was sent. */
async function AudienceSummary({ u, locale }: { u: UpdateDetail; locale: string }) {
  const m = await getTranslations({ locale, namespace: "updates" });
  const names = provinceNames(locale);
  const chosen = [...u.audience.provinces.map((p) => names[p] ?? p), ...u.ridingChoices.filter((r) => u.audience.ridings.includes(r.fedNum)).map((r) => ridingName(r, locale))];
  return <p>{chosen.length ? chosen.join(", ") : m("audienceAll")}</p>;
}

/** Provinces as boxes and ridings as a list: works without JavaScript, with the keyboard. */
async function AudienceForm({
  u,
  locale,
  action,
  hidden,
  actorOrg,
}: {
  u: UpdateDetail;
  locale: string;
  action: (formData: FormData) => Promise<void>;
  hidden: React.ReactNode;
  actorOrg: Parameters<typeof reachableByProvince>[0];
}) {
  const m = await getTranslations({ locale, namespace: "updates" });
  const byProvince = await reachableByProvince(actorOrg, u.campaign.id);
  const names = provinceNames(locale);
  return (
    <form action={action}>
      {hidden}
      <fieldset>
        <legend>{m("provincesLegend")}</legend>
        {Object.entries(names).map(([code, name]) => (
          <p key={code} className="checkbox">
            <label>
              <input type="checkbox" name="province" value={code} defaultChecked={u.audience.provinces.includes(code)} /> {m("provinceOption", { name, count: formatNumber(locale, byProvince.get(code) ?? 0) })}
            </label>
          </p>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="update-ridings">{m("ridingsLabel")}</label>
        <p className="hint" id="update-ridings-hint">
          {u.ridingChoices.length ? m("ridingsHint") : m("noRidings")}
        </p>
        {u.ridingChoices.length ? (
          <select id="update-ridings" name="riding" multiple size={Math.min(8, u.ridingChoices.length)} defaultValue={u.audience.ridings} aria-describedby="update-ridings-hint">
            {u.ridingChoices.map((r) => (
              <option key={r.fedNum} value={r.fedNum}>
                {m("ridingOption", { name: ridingName(r, locale), count: formatNumber(locale, r.reachable) })}
              </option>
            ))}
          </select>
        ) : null}
      </div>
      <button type="submit" className="secondary">
        {m("saveAudience")}
      </button>
    </form>
  );
}
