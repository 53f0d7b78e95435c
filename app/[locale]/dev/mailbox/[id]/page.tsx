import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { isMailSink } from "@/lib/server/env";
import { getTranslations } from "next-intl/server";
import { getSinkMessage } from "@/lib/server/mail-sink";
import { paths } from "@/lib/paths";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false }, referrer: "same-origin" };

export default async function MailboxMessagePage({ params }: { params: Promise<{ locale: string; id: string }> }) {
  const { locale, id } = await params;
  if (!isMailSink() || !/^\d+$/.test(id)) notFound();
  const msg = await getSinkMessage(Number(id));
  if (!msg) notFound();
  const m = await getTranslations({ locale: locale, namespace: "mailbox" });
  return (
    <main className="wide">
      <p>
        <a href={paths.mailbox(locale)}>← {m("title")}</a>
      </p>
      <h1>{msg.subject}</h1>
      <h2>{m("headers")}</h2>
      <table>
        <tbody>
          {Object.entries(msg.headers).map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td style={{ overflowWrap: "anywhere" }}>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{m("text")}</h2>
      {/* Plain text with its links made clickable, so a developer can follow a confirmation link. */}
      <pre className="email-preview" data-testid="mail-text">
        {(msg.text ?? "").split(/(https?:\/\/[^\s]+)/g).map((part, i) =>
          /^https?:\/\//.test(part) ? (
            <a key={i} href={part}>
              {part}
            </a>
          ) : (
            part
          ),
        )}
      </pre>
      {msg.html ? (
        <>
          <h2>{m("html")}</h2>
          {/* Sandboxed: no scripts, no same-origin access, whatever the message contains. */}
          <iframe title={m("html")} sandbox="" srcDoc={msg.html} style={{ width: "100%", minHeight: "20rem", border: "1px solid #ccc", background: "#fff" }} />
        </>
      ) : null}
    </main>
  );
}
