import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getLetterForApproval } from "@/lib/signing/approve-letter";
import { decideLetterAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false }, referrer: "same-origin" };

function formatAddress(a: { name?: string; address: string } | undefined): string {
  if (!a) return "";
  return a.name ? `"${a.name}" <${a.address}>` : a.address;
}

/**
 * A letter written in a browser that had not proved the address, shown in full to whoever opens
 * the link mailed to that address. Opening it changes nothing (mail scanners open links): only
 * the buttons send or refuse it.
 */
export default async function ApprovePage({ params }: { params: Promise<{ locale: string; token: string }> }) {
  const { locale, token } = await params;
  const m = await getTranslations({ locale: locale });
  const letter = await getLetterForApproval(token);
  if (!letter) {
    return (
      <main>
        <h1>{m("approve.title")}</h1>
        <p className="notice error">{m("approve.invalid")}</p>
      </main>
    );
  }
  const { mail } = letter;
  return (
    <main>
      <h1>{m("approve.title")}</h1>
      <p>{m("approve.intro", { name: letter.representativeName })}</p>
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
      <div className="actions">
        <form action={decideLetterAction.bind(null, { locale, token })}>
          <button type="submit" name="decision" value="send">
            {m("approve.send")}
          </button>
        </form>
        <form action={decideLetterAction.bind(null, { locale, token })}>
          <button type="submit" name="decision" value="refuse" className="secondary">
            {m("approve.refuse")}
          </button>
        </form>
      </div>
    </main>
  );
}
