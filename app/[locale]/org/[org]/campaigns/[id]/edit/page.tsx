import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/organizer/auth";
import { CAMPAIGN_TRANSITIONS } from "@/lib/campaigns/editor/lifecycle";
import { getEditorCampaign } from "@/lib/campaigns/editor/read";
import { getRepresentativeChoices } from "@/lib/campaigns/editor/representatives";
import { PUBLIC_CAMPAIGN_STATUSES } from "@/lib/campaigns/public";
import { format, getMessages } from "@/lib/i18n";
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
  const om = getMessages(locale).organizer;
  const m = om.editor;
  const scope = { locale, org: actor.organizationSlug, campaign: campaign.id };
  const moves = CAMPAIGN_TRANSITIONS[campaign.status];
  const confirming = one("confirm");
  const done = one("done") as keyof typeof m.done;
  const error = one("error");
  const isPublic = (PUBLIC_CAMPAIGN_STATUSES as readonly string[]).includes(campaign.status);
  const label = (to: string) => (to === "published" ? (campaign.status === "closed" ? m.reopen : m.publish) : to === "closed" ? m.close : m.archive);
  const hidden = (to: string) => <input type="hidden" name="to" value={to} />;
  const missing = one("missing")
    .split(",")
    .flatMap((f) => {
      if (f === "targets") return [m.targets];
      const match = /^(title|summary|body|demand|subjects|tbody)_(en|fr)$/.exec(f);
      if (!match) return [];
      const labels = { title: m.fieldTitle, summary: m.fieldSummary, body: m.fieldBody, demand: m.fieldDemand, subjects: m.fieldSubjects, tbody: m.fieldTemplateBody };
      return [format(labels[match[1] as keyof typeof labels], { language: m.languageName[match[2] as "en" | "fr"] })];
    });
  const repIds = campaign.values.target_reps ? campaign.values.target_reps.split(",") : [];
  return (
    <main className="wide">
      <h1>{format(m.editTitle, { title: campaign.title })}</h1>

      <section aria-labelledby="lifecycle" className="card">
        <h2 id="lifecycle">{m.lifecycle}</h2>
        <p data-testid="campaign-status">
          <strong>{format(m.status, { status: om.campaignStatus[campaign.status] })}</strong> — {m.lifecycleHelp[campaign.status]}
        </p>
        {one("created") ? (
          <p className="notice ok" role="status">
            {m.created}
          </p>
        ) : null}
        {done && m.done[done] ? (
          <p className="notice ok" role="status">
            {m.done[done]}
          </p>
        ) : null}
        {error ? (
          <div className="notice error" role="alert">
            <p>{(m.errors as Record<string, string>)[error] ?? m.errors.generic}</p>
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
            <a href={paths.campaign(locale, campaign.slug)}>{m.publicPage}</a>
          </p>
        ) : null}
        {confirming === "closed" || confirming === "archived" ? (
          moves.includes(confirming) ? (
            <form action={transitionAction.bind(null, scope)} className="notice">
              {hidden(confirming)}
              <p>{confirming === "closed" ? m.confirmClose : m.confirmArchive}</p>
              <p className="actions">
                <button type="submit">{format(m.confirmYes, { action: label(confirming).toLowerCase() })}</button>
                <a className="button secondary" href={paths.org.campaignEdit(locale, actor.organizationSlug, campaign.id)}>
                  {m.cancel}
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
        <p className="notice">{m.archivedReadOnly}</p>
      ) : (
        <EditorForm
          action={editorAction.bind(null, scope)}
          locale={locale}
          isNew={false}
          status={campaign.status}
          initial={{ values: campaign.values, errors: {}, repChoices: await getRepresentativeChoices(repIds, locale) }}
        />
      )}
    </main>
  );
}
