import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { and, desc, eq, gt, sql } from "drizzle-orm";
import { sinkMessages } from "@/db/schema";
import { getDb } from "./db";
import { log } from "./log";

/**
 * The embedded default's mail: an SMTP server on a loopback port inside the app process.
 * nodemailer speaks real SMTP to it; each message is stored and shown at /dev/mailbox.
 */
type SinkRegistry = { server?: SMTPServer; port?: number; starting?: Promise<number> };
const registry: SinkRegistry = ((globalThis as Record<string, unknown>).__constituentSink ??= {}) as SinkRegistry;

const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

export function mailSinkPort(): number | undefined {
  return registry.port;
}

export async function startMailSink(port = 0): Promise<number> {
  if (registry.port) return registry.port;
  if (registry.starting) return registry.starting;
  registry.starting = new Promise<number>((resolve, reject) => {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      size: MAX_MESSAGE_BYTES,
      logger: false,
      banner: "Constituent local mail sink",
      // Like a real office server with no such mailbox: addresses under the reserved `.invalid`
      // top-level domain (RFC 2606) are refused at RCPT, so bounces can be tried locally.
      onRcptTo(address, _session, callback) {
        if (/\.invalid$/i.test(address.address)) {
          const err = new Error("5.1.1 mailbox unavailable") as Error & { responseCode: number };
          err.responseCode = 550;
          return callback(err);
        }
        callback();
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then(async (parsed) => {
            const headers: Record<string, string> = {};
            for (const line of parsed.headerLines) {
              const idx = line.line.indexOf(":");
              const name = line.line.slice(0, idx);
              const value = line.line.slice(idx + 1).replace(/\r?\n[ \t]+/g, " ").trim();
              headers[name] = headers[name] ? `${headers[name]}, ${value}` : value;
            }
            const db = await getDb();
            await db.insert(sinkMessages).values({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              subject: parsed.subject ?? null,
              messageId: parsed.messageId ?? null,
              headers,
              text: parsed.text ?? null,
              html: typeof parsed.html === "string" ? parsed.html : null,
            });
            callback();
          })
          .catch((err) => {
            log.error("mail_sink.store_failed", { error: err });
            callback(new Error("451 could not store message"));
          });
      },
    });
    server.on("error", (err) => log.error("mail_sink.error", { error: err }));
    server.listen(port, "127.0.0.1", () => {
      const address = server.server.address();
      const actual = typeof address === "object" && address ? address.port : port;
      registry.server = server;
      registry.port = actual;
      log.info("mail_sink.listening", { port: actual });
      resolve(actual);
    });
    server.server.once("error", reject);
  }).finally(() => {
    registry.starting = undefined;
  });
  return registry.starting;
}

export async function stopMailSink(): Promise<void> {
  const server = registry.server;
  registry.server = undefined;
  registry.port = undefined;
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
}

export interface SinkMessage {
  id: number;
  receivedAt: Date;
  envelopeFrom: string | null;
  envelopeTo: string[];
  subject: string | null;
  messageId: string | null;
  headers: Record<string, string>;
  text: string | null;
  html: string | null;
}

/** Messages in the sink, newest first; optionally those to one address or after an id. */
export async function listSinkMessages(filter: { to?: string; afterId?: number; limit?: number } = {}): Promise<SinkMessage[]> {
  const db = await getDb();
  return db
    .select()
    .from(sinkMessages)
    .where(
      and(
        filter.to ? sql`${sinkMessages.envelopeTo} @> ${JSON.stringify([filter.to.toLowerCase()])}::jsonb` : undefined,
        filter.afterId ? gt(sinkMessages.id, filter.afterId) : undefined,
      ),
    )
    .orderBy(desc(sinkMessages.id))
    .limit(filter.limit ?? 200);
}

export async function getSinkMessage(id: number): Promise<SinkMessage | null> {
  const db = await getDb();
  const [m] = await db.select().from(sinkMessages).where(eq(sinkMessages.id, id));
  return m ?? null;
}
