import nodemailer, { type Transporter } from "nodemailer";
import { env, isMailSink } from "./env";
import { createTranslator } from "next-intl";
import { intlConfig } from "@/lib/i18n";
import { mailSinkPort, startMailSink } from "./mail-sink";

export interface MailAddress {
  name?: string;
  address: string;
}

export interface OutgoingMail {
  to: MailAddress;
  from: MailAddress;
  replyTo?: MailAddress;
  subject: string;
  text: string;
  html?: string;
  /** Stable across retries: receiving servers and our own logs can recognise a duplicate. */
  messageId?: string;
  headers?: Record<string, string>;
  attachments?: { filename: string; content: string | Buffer; contentType: string }[];
  /**
   * The envelope sender (Return-Path) when it is not the From address: a letter's own VERP
   * address, so the bounce names the letter (lib/offices/bounces.ts).
   */
  envelopeFrom?: string;
}

export class MailError extends Error {
  constructor(
    message: string,
    /** 4xx / network: try again later. 5xx: the relay refused for good. */
    readonly permanent: boolean,
    readonly responseCode?: number,
    /** The receiving server refused the recipient itself (at RCPT): the address does not work. */
    readonly recipientRefused = false,
  ) {
    super(message);
  }
}

/**
 * Any user-controlled text that reaches a header (names, subjects) has line breaks and control
 * characters folded to spaces: no field can add a header or a recipient.
 */
export function headerSafe(value: string, maxLength = 200): string {
   
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").replace(/\s+/g, " ").trim().slice(0, maxLength);
}

function safeAddress(a: MailAddress): MailAddress {
  const address = headerSafe(a.address, 320);
  if (!/^[^\s@<>(),;:"\\]+@[^\s@<>(),;:"\\]+$/.test(address)) throw new MailError("invalid address", true);
  return { name: a.name ? headerSafe(a.name, 120) : undefined, address };
}

type TransportRegistry = { transport?: Transporter; key?: string };
const registry: TransportRegistry = ((globalThis as Record<string, unknown>).__constituentMail ??= {}) as TransportRegistry;

async function transport(): Promise<Transporter> {
  let key: string;
  let make: () => Transporter;
  if (isMailSink()) {
    const port = mailSinkPort() ?? (await startMailSink(env().MAIL_SINK_PORT));
    key = `sink:${port}`;
    make = () =>
      nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true, pool: true, maxConnections: 4 });
  } else {
    const url = env().SMTP_URL as string;
    key = `relay:${url}`;
    // Not `{ url, pool }`: nodemailer replaces the options by the parsed URL when `url` is set,
    // silently dropping `pool` (one connection per message). Spell the connection out instead.
    make = () => nodemailer.createTransport({ ...relayOptions(url), pool: true, maxConnections: 5, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  }
  if (registry.transport && registry.key === key) return registry.transport;
  registry.transport?.close();
  registry.transport = make();
  registry.key = key;
  return registry.transport;
}

/** The one way mail leaves the app. Throws MailError, saying whether a retry can help. */
/** smtp://user:pass@host:587 or smtps://…:465 as nodemailer connection options. */
export function relayOptions(url: string): { host: string; port: number; secure: boolean; auth?: { user: string; pass: string }; requireTLS?: boolean } {
  const u = new URL(url);
  const secure = u.protocol === "smtps:";
  const auth = u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined;
  return {
    host: u.hostname.replace(/^\[|\]$/g, ""),
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    ...(auth ? { auth } : {}),
    // A relay on the submission port must upgrade to TLS before credentials are sent.
    ...(!secure && auth ? { requireTLS: u.searchParams.get("requireTLS") !== "false" } : {}),
  };
}

export async function sendMail(mail: OutgoingMail): Promise<{ messageId: string }> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(mail.headers ?? {})) {
    if (!/^[A-Za-z0-9-]+$/.test(k)) throw new MailError(`invalid header name`, true);
    headers[k] = headerSafe(v, 900);
  }
  // Validated before the try: a malformed address is a permanent failure, not a retryable one.
  const from = safeAddress(mail.from);
  const to = safeAddress(mail.to);
  const replyTo = mail.replyTo ? safeAddress(mail.replyTo) : undefined;
  const envelope = mail.envelopeFrom ? { from: safeAddress({ address: mail.envelopeFrom }).address, to: [to.address] } : undefined;
  const t = await transport();
  try {
    const info = await t.sendMail({
      from,
      to,
      replyTo,
      subject: headerSafe(mail.subject, 250),
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      headers,
      attachments: mail.attachments?.map((a) => ({ filename: headerSafe(a.filename, 120), content: a.content, contentType: a.contentType })),
      ...(envelope ? { envelope } : {}),
    });
    return { messageId: info.messageId };
  } catch (err) {
    const e = err as { responseCode?: number; message?: string; code?: string };
    const code = typeof e.responseCode === "number" ? e.responseCode : undefined;
    throw new MailError(e.message ?? "send failed", code !== undefined && code >= 500, code, e.code === "EENVELOPE" && code !== undefined && code >= 500);
  }
}

/** The platform's own addresses, on its domain (never the supporter's: DMARC). */
export function platformAddress(local: "letters" | "no-reply" | "offices", name?: string): MailAddress {
  return { name, address: `${local}@${env().MAIL_FROM_DOMAIN}` };
}

export async function closeMail(): Promise<void> {
  registry.transport?.close();
  registry.transport = undefined;
  registry.key = undefined;
}

/** The mailbox page's "send a test message": real SMTP from nodemailer to this sink. */
export async function sendSinkTestMessage(locale: string): Promise<void> {
  const m = createTranslator({ ...intlConfig(locale), namespace: "emails" });
  await sendMail({
    from: platformAddress("no-reply", "Constituent"),
    to: { address: "developer@constituent.localhost" },
    subject: m("mailboxTestSubject"),
    text: `${m("mailboxTestBody")}\n`,
    html: `<p>${m("mailboxTestBody")}</p>`,
  });
}
