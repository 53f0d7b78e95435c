import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { buildLetterEmail, loadLetterEnvelope } from "@/lib/letters/deliver";
import { getLetterDraft } from "@/lib/letters/compose";
import { paths } from "@/lib/paths";
import { sendLetterAction } from "../actions";
import { loadWriteContext } from "../context";

export const dynamic = "force-dynamic";

function formatAddress(a: { name?: string; address: string } | undefined): string {
  if (!a) return "";
  return a.name ? `"${a.name}" <${a.address}>` : a.address;
}

export default async function PreviewPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; slug: string }>;
  searchParams: Promise<{ to?: string }>;
}) {
  const { locale, slug } = await params;
  const { to } = await searchParams;
  const ctx = await loadWriteContext(locale, slug, to);
  const draft = await getLetterDraft(ctx.flow.id, ctx.target.representativeId);
  if (!draft) redirect(paths.write(locale, slug, ctx.target.representativeId));
  const envelope = await loadLetterEnvelope(draft.id);
  if (!envelope) redirect(paths.write(locale, slug));
  // The very function the worker uses to build the email: the preview cannot drift from what is sent.
  const mail = buildLetterEmail(envelope);
  const m = await getTranslations({ locale: locale });
  return (
    <main>
      <h1>{m("letter.previewTitle")}</h1>
      <div className="email-preview" data-testid="letter-preview" tabIndex={0} role="region" aria-label={m("letter.previewTitle")}>
        <dl>
          <dt>{m("letter.from")}</dt>
          <dd>{formatAddress(mail.from)}</dd>
          <dt>{m("letter.replyTo")}</dt>
          <dd>{formatAddress(mail.replyTo)}</dd>
          <dt>{m("letter.to")}</dt>
          <dd>{formatAddress(mail.to)}</dd>
          <dt>{m("letter.subject")}</dt>
          <dd>{mail.subject}</dd>
        </dl>
        {mail.text}
      </div>
      {draft.status === "draft" ? (
        <form action={sendLetterAction.bind(null, { locale, slug })} className="actions">
          <input type="hidden" name="representativeId" value={ctx.target.representativeId} />
          <button type="submit">{m("letter.send")}</button>
          <a className="button secondary" href={paths.write(locale, slug, ctx.target.representativeId)}>
            {m("letter.edit")}
          </a>
        </form>
      ) : (
        <p className="notice ok">{m("errors.letter.held")}</p>
      )}
    </main>
  );
}
