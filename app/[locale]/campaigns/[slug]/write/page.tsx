import { format, getMessages } from "@/lib/i18n";
import { getLetterDraft } from "@/lib/letters";
import { saveLetterAction } from "./actions";
import { loadWriteContext } from "./context";
import { LetterForm } from "./LetterForm";

export const dynamic = "force-dynamic";

export default async function WritePage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; slug: string }>;
  searchParams: Promise<{ to?: string }>;
}) {
  const { locale, slug } = await params;
  const { to } = await searchParams;
  const ctx = await loadWriteContext(locale, slug, to);
  const m = getMessages(locale);
  const draft = await getLetterDraft(ctx.session.signature.id, ctx.target.representativeId);
  const done = draft && draft.status !== "draft";
  return (
    <main>
      <h1>{format(m.letter.title, { name: ctx.target.name })}</h1>
      {ctx.targets.length > 1 ? (
        <nav aria-label={m.campaign.targets}>
          <ul>
            {ctx.targets.map((t) => (
              <li key={t.representativeId}>
                {t.representativeId === ctx.target.representativeId ? (
                  <strong>{t.name}</strong>
                ) : (
                  <a href={`/${locale}/campaigns/${slug}/write?to=${t.representativeId}`}>{t.name}</a>
                )}
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {done ? (
        <p className="notice ok">{m.letter.alreadySent}</p>
      ) : (
        <>
          <p className="muted">{m.letter.intro}</p>
          <LetterForm
            action={saveLetterAction.bind(null, locale, slug)}
            locale={locale}
            representativeId={ctx.target.representativeId}
            subjects={ctx.subjects}
            prompt={ctx.prompt}
            baseline={ctx.baseline}
            initial={{ subject: draft?.subject ?? ctx.subjects[0] ?? "", personal: draft?.personal ?? "", body: draft?.body ?? ctx.startingBody }}
          />
        </>
      )}
      <p>
        <a href={`/${locale}/campaigns/${slug}/check-email`}>{m.common.continue} →</a>
      </p>
    </main>
  );
}
