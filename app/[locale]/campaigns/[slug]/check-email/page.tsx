import { notFound } from "next/navigation";
import { getPublicCampaign } from "@/lib/campaigns";
import { format, getMessages } from "@/lib/i18n";
import { platformAddress } from "@/lib/mail";
import { readFlow } from "../flow";
import { confirmCodeAction, resendAction } from "./actions";
import { CodeForm } from "./CodeForm";

export const dynamic = "force-dynamic";

export default async function CheckEmailPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; slug: string }>;
  searchParams: Promise<{ letter?: string; resent?: string }>;
}) {
  const { locale, slug } = await params;
  const { letter, resent } = await searchParams;
  const c = await getPublicCampaign(slug, locale);
  if (!c) notFound();
  const m = getMessages(locale);
  const session = await readFlow(c.id);
  return (
    <main>
      <h1>{m.checkEmail.title}</h1>
      {letter === "held" ? <p className="notice ok">{m.letter.heldNotice}</p> : null}
      {letter === "queued" ? <p className="notice ok">{m.letter.queuedNotice}</p> : null}
      {letter === "already" ? <p className="notice">{m.letter.alreadySent}</p> : null}
      {resent ? <p className="notice" role="status">{m.checkEmail.resent}</p> : null}
      <p>{m.checkEmail.body}</p>
      <p className="muted">{format(m.checkEmail.spam, { from: platformAddress("no-reply").address })}</p>
      {session ? (
        <>
          <CodeForm action={confirmCodeAction.bind(null, locale, slug)} locale={locale} />
          <form action={resendAction.bind(null, locale, slug)} className="actions">
            <button type="submit" className="secondary">
              {m.checkEmail.resend}
            </button>
          </form>
          {session.signature.residency === "resident" && !letter ? (
            <p>
              <a href={`/${locale}/campaigns/${slug}/riding`}>{m.checkEmail.writeNext}</a>
            </p>
          ) : null}
        </>
      ) : (
        <p className="notice">{m.checkEmail.noCookie}</p>
      )}
    </main>
  );
}
