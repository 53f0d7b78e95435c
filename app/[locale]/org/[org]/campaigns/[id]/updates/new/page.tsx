import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { rolesThatMay } from "@/lib/organizer/access";
import { requireActor } from "@/lib/organizer/auth";
import { paths } from "@/lib/paths";
import { listUpdates, UPDATE_SUBJECT_MAX } from "@/lib/updates/updates";
import { saveUpdateContentAction } from "../actions";
import { ContentForm } from "../ContentForm";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

/** A new update's text; saving makes the draft, whose page has the audience, the preview, a test and sending. */
export default async function NewUpdatePage({ params }: { params: Promise<{ locale: string; org: string; id: string }> }) {
  const { locale, org, id } = await params;
  const actor = await requireActor(locale, org, rolesThatMay("updates.send"));
  const list = await listUpdates(actor, id, locale);
  if (!list) notFound();
  const m = await getTranslations({ locale, namespace: "updates" });
  return (
    <main>
      <p>
        <a href={paths.org.updates(locale, actor.organizationSlug, list.campaign.id)}>{m("back")}</a>
      </p>
      <h1>{m("composeTitle")}</h1>
      <p className="muted">{m("intro")}</p>
      <ContentForm
        action={saveUpdateContentAction.bind(null, { locale, org: actor.organizationSlug, campaign: list.campaign.id })}
        locales={list.campaign.locales}
        updateId=""
        initial={{}}
        subjectMax={UPDATE_SUBJECT_MAX}
      />
    </main>
  );
}
