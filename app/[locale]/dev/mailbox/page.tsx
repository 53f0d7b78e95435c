import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { isMailSink } from "@/lib/server/env";
import { getTranslations } from "next-intl/server";
import { formatDateTime } from "@/lib/i18n";
import { listSinkMessages } from "@/lib/server/mail-sink";
import { sendTestAction } from "./actions";
import { paths } from "@/lib/paths";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

export default async function MailboxPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  // Only on the embedded default: with a real relay configured this page does not exist.
  if (!isMailSink()) notFound();
  const m = await getTranslations({ locale: locale, namespace: "mailbox" });
  const messages = await listSinkMessages({ limit: 100 });
  return (
    <main className="wide">
      <h1>{m("title")}</h1>
      <p className="notice">{m("intro")}</p>
      <form action={sendTestAction.bind(null, { locale })}>
        <button type="submit" className="secondary">
          {m("sendTest")}
        </button>
      </form>
      {messages.length === 0 ? (
        <p>{m("empty")}</p>
      ) : (
        <ul className="list-campaigns">
          {messages.map((msg) => (
            <li key={msg.id} className="card">
              <a href={paths.mailboxMessage(locale, msg.id)}>
                <strong>{msg.subject || "(no subject)"}</strong>
              </a>
              <br />
              <span className="muted">
                {m("to")}: {msg.envelopeTo.join(", ")} · {formatDateTime(locale, msg.receivedAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
