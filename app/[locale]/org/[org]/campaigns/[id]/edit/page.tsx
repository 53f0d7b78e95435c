import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/organizer/auth";
import { CAMPAIGN_TRANSITIONS } from "@/lib/campaigns/editor/lifecycle";
import { getEditorCampaign } from "@/lib/campaigns/editor/read";
import { getRepresentativeChoices } from "@/lib/campaigns/editor/representatives";
import { PUBLIC_CAMPAIGN_STATUSES } from "@/lib/campaigns/public";
import { getTranslations } from "next-intl/server";
import { messageFor } from "@/lib/i18n";
import { editorAction, transitionAction } from "./actions";
import { EditorForm } from "./EditorForm";
import { paths } from "@/lib/paths";
import { rolesThatMay } from "@/lib/organizer/access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

type Props = {
  params: Promise<{ locale: string; org: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function EditCampaignPage({ params, searchParams }: Props) {
  const { locale, org, id } = await params;
  const q = await searchParams;
  const one = (k: string) => (typeof q[k] === "string" ? (q[k] as string) : "");
  const actor = await requireActor(locale, org, rolesThatMay("campaigns.edit"));
  const campaign = await getEditorCampaign(actor, id);
  if (!campaign) notFound();
  const om = await getTranslations({ locale: locale, namespace: "organizer" });
  const m = await getTranslations({ locale: locale, namespace: "organizer.editor" });
  const scope = { locale, org: actor.organizationSlug, campaign: campaign.id };
  const moves = CAMPAIGN_TRANSITIONS[campaign.status];
  const confirming = one("confirm");
  const done = one("done");
  const doneText = done ? messageFor(m, "done", done) : "";
  const error = one("error");
  const isPublic = (PUBLIC_CAMPAIGN_STATUSES as readonly string[]).includes(campaign.status);
  const label = (to: string) => (to === "published" ? (campaign.status === "closed" ? m("reopen") : m("publish")) : to === "closed" ? m("close") : m("archive"));
  const hidden = (to: string) => <input type="hidden" name="to" value={to} />;
  const missing = one("missing")
    .split(",")
    .flatMap((f) => {
      if (f === "targets") return [m("targets")];
      if (f === "locales") return [m("errors.publish.letterLanguage")];
      const match = /^(title|summary|body|demand|subjects|tbody)_([a-z]{2,3})$/.exec(f);
      if (!match) return [];
      const language = messageFor(m, "languageName", match[2]);
      const labels = { title: m("fieldTitle", { language }), summary: m("fieldSummary", { language }), body: m("fieldBody", { language }), demand: m("fieldDemand", { language }), subjects: m("fieldSubjects", { language }), tbody: m("fieldTemplateBody", { language }) };
      return [labels[match[1] as keyof typeof labels]];
    });
  const repIds = campaign.values.target_reps ? campaign.values.target_reps.split(",") : [];
  return (
    <main className="wide">
      <h1>{m("editTitle", { title: campaign.title })}</h1>

      <section aria-labelledby="lifecycle" className="card">
        <h2 id="lifecycle">{m("lifecycle")}</h2>
        <p data-testid="campaign-status">
          <strong>{m("status", { status: messageFor(om, "campaignStatus", campaign.status) })}</strong> — {messageFor(m, "lifecycleHelp", campaign.status)}
        </p>
        {one("created") ? (
          <p className="notice ok" role="status">
            {m("created")}
          </p>
        ) : null}
        {done && doneText !== done ? (
          <p className="notice ok" role="status">
            {doneText}
          </p>
        ) : null}
        {error ? (
          <div className="notice error" role="alert">
            <p>{messageFor(m, "errors", error, "errors.generic")}</p>
            {missing.length ? (
              <ul>
                {missing.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        {isPublic ? (
          <p>
            <a href={paths.campaign(locale, campaign.slug)}>{m("publicPage")}</a>
          </p>
        ) : null}
        {confirming === "closed" || confirming === "archived" ? (
          moves.includes(confirming) ? (
            <form action={transitionAction.bind(null, scope)} className="notice">
              {hidden(confirming)}
              <p>{confirming === "closed" ? m("confirmClose") : m("confirmArchive")}</p>
              <p className="actions">
                <button type="submit">{m("confirmYes", { action: label(confirming).toLowerCase() })}</button>
                <a className="button secondary" href={paths.org.campaignEdit(locale, actor.organizationSlug, campaign.id)}>
                  {m("cancel")}
                </a>
              </p>
            </form>
          ) : null
        ) : (
          <div className="actions">
            {moves.map((to) =>
              to === "published" ? (
                <form key={to} action={transitionAction.bind(null, scope)}>
                  {hidden(to)}
                  <button type="submit">{label(to)}</button>
                </form>
              ) : (
                // Closing and archiving ask first: a GET to this page with ?confirm=… shows the real button.
                <a key={to} className="button secondary" href={paths.org.campaignEdit(locale, actor.organizationSlug, campaign.id, { confirm: to })}>
                  {label(to)}
                </a>
              ),
            )}
          </div>
        )}
      </section>

      {campaign.status === "archived" ? (
        <p className="notice">{m("archivedReadOnly")}</p>
      ) : (
        <EditorForm
          action={editorAction.bind(null, scope)}
          isNew={false}
          status={campaign.status}
          initial={{ values: campaign.values, errors: {}, repChoices: await getRepresentativeChoices(repIds, locale) }}
        />
      )}
    </main>
  );
}
