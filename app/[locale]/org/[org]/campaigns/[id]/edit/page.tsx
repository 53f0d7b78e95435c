import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/organizer/auth";
import { CAMPAIGN_TRANSITIONS, getEditorCampaign, getRepresentativeChoices } from "@/lib/campaigns/editor";
import { PUBLIC_CAMPAIGN_STATUSES } from "@/lib/campaigns/public";
import { getTranslations } from "next-intl/server";
import { messageFor } from "@/lib/i18n";
import { CampaignNav } from "../../../OrgNav";
import { editorAction, transitionAction } from "./actions";
import { EditorForm } from "./EditorForm";
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
  const base = `/${locale}/org/${actor.organizationSlug}/campaigns/${campaign.id}`;
  const moves = CAMPAIGN_TRANSITIONS[campaign.status];
  const confirming = one("confirm");
  const done = one("done");
  const doneText = done ? messageFor(m, "done", done) : "";
  const error = one("error");
  const isPublic = (PUBLIC_CAMPAIGN_STATUSES as readonly string[]).includes(campaign.status);
  const label = (to: string) => (to === "published" ? (campaign.status === "closed" ? m("reopen") : m("publish")) : to === "closed" ? m("close") : m("archive"));
  const hidden = (to: string) => (
    <>
      <input type="hidden" name="orgSlug" value={actor.organizationSlug} />
      <input type="hidden" name="campaignId" value={campaign.id} />
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="to" value={to} />
    </>
  );
  const missing = one("missing")
    .split(",")
    .flatMap((f) => {
      if (f === "targets") return [m("targets")];
      const match = /^(title|summary|body|demand|subjects|tbody)_([a-z]{2,3})$/.exec(f);
      if (!match) return [];
      const language = messageFor(m, "languageName", match[2]);
      const labels = { title: m("fieldTitle", { language }), summary: m("fieldSummary", { language }), body: m("fieldBody", { language }), demand: m("fieldDemand", { language }), subjects: m("fieldSubjects", { language }), tbody: m("fieldTemplateBody", { language }) };
      return [labels[match[1] as keyof typeof labels]];
    });
  const repIds = campaign.values.target_reps ? campaign.values.target_reps.split(",") : [];
  return (
    <main className="wide">
      <p>
        <a href={`/${locale}/org/${actor.organizationSlug}`}>← {actor.organizationName}</a>
      </p>
      <h1>{m("editTitle", { title: campaign.title })}</h1>
      <CampaignNav locale={locale} orgSlug={actor.organizationSlug} campaignId={campaign.id} role={actor.role} current="edit" />

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
            <a href={`/${locale}/campaigns/${campaign.slug}`}>{m("publicPage")}</a>
          </p>
        ) : null}
        {confirming === "closed" || confirming === "archived" ? (
          moves.includes(confirming) ? (
            <form action={transitionAction} className="notice">
              {hidden(confirming)}
              <p>{confirming === "closed" ? m("confirmClose") : m("confirmArchive")}</p>
              <p className="actions">
                <button type="submit">{m("confirmYes", { action: label(confirming).toLowerCase() })}</button>
                <a className="button secondary" href={`${base}/edit`}>
                  {m("cancel")}
                </a>
              </p>
            </form>
          ) : null
        ) : (
          <div className="actions">
            {moves.map((to) =>
              to === "published" ? (
                <form key={to} action={transitionAction}>
                  {hidden(to)}
                  <button type="submit">{label(to)}</button>
                </form>
              ) : (
                // Closing and archiving ask first: a GET to this page with ?confirm=… shows the real button.
                <a key={to} className="button secondary" href={`${base}/edit?confirm=${to}`}>
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
          action={editorAction}
          locale={locale}
          orgSlug={actor.organizationSlug}
          campaignId={campaign.id}
          status={campaign.status}
          initial={{ values: campaign.values, errors: {}, repChoices: await getRepresentativeChoices(repIds, locale) }}
        />
      )}
    </main>
  );
}
