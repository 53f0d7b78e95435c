import { getTranslations } from "next-intl/server";
import { getLetterDraft } from "@/lib/letters/compose";
import { showPersonalSlot } from "@/lib/letters/text";
import { paths } from "@/lib/paths";
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
  const m = await getTranslations({ locale: locale });
  const draft = await getLetterDraft(ctx.flow.id, ctx.target.representativeId);
  const state = ctx.stateOf(ctx.target.representativeId);
  return (
    <main>
      <h1>{m("letter.title", { name: ctx.target.name })}</h1>
      {ctx.targets.length > 1 ? (
        <nav aria-label={m("campaign.targets")}>
          <ul>
            {ctx.targets.map((t) => (
              <li key={t.representativeId}>
                {t.representativeId === ctx.target.representativeId ? (
                  <strong aria-current="page">{t.name}</strong>
                ) : (
                  <a href={paths.write(locale, slug, t.representativeId)}>{t.name}</a>
                )}
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {state === "sent" ? (
        <p className="notice ok">{m("letter.alreadySent")}</p>
      ) : state === "held" ? (
        <p className="notice ok">{m("errors.letter.held")}</p>
      ) : (
        <>
          <p className="muted">{m("letter.intro")}</p>
          {/* Letters reach offices in English or French: a reader of another language is told so. */}
          {ctx.template.locale !== locale ? <p className="notice">{m("letter.templateLanguage", { language: ctx.template.locale })}</p> : null}
          <LetterForm
            action={saveLetterAction.bind(null, { locale, slug })}
            locale={locale}
            letterLocale={ctx.template.locale}
            representativeId={ctx.target.representativeId}
            subjects={ctx.subjects}
            prompt={ctx.prompt}
            baseline={ctx.baseline}
            marker={ctx.marker}
            initial={{
              subject: draft?.subject ?? ctx.subjects[0] ?? "",
              personal: draft?.personal ?? "",
              body: draft ? showPersonalSlot(draft.body, ctx.marker) : ctx.startingBody,
            }}
          />
        </>
      )}
      {ctx.next && state !== "none" && state !== "draft" ? (
        <p>
          <a className="button" href={paths.write(locale, slug, ctx.next.representativeId)}>
            {m("checkEmail.nextTarget", { name: ctx.next.name })}
          </a>
        </p>
      ) : null}
      <p>
        <a href={paths.checkEmail(locale, slug)}>{m("letter.skip")}</a>
      </p>
    </main>
  );
}
