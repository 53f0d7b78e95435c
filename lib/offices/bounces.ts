import { timingSafeEqual } from "node:crypto";
import { Splitter } from "@zone-eu/mailsplit";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { and, eq, inArray } from "drizzle-orm";
import { letters, offices } from "@/db/schema";
import { logEvent } from "@/lib/letters/lifecycle";
import { getDb } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { log, redact } from "@/lib/server/log";
import { keyedHash } from "@/lib/server/seal";

/*
 * Bounces (decision 0029). Each letter leaves with its own envelope sender (VERP):
 * bounces+<letter id>.<mac>@MAIL_FROM_DOMAIN. A delivery status notification (RFC 3464) comes
 * back to that address, through the inbound SMTP listener below or a relay's webhook
 * (app/api/bounces). A hard bounce (5.x.x, or a refusal at RCPT while sending) marks the office
 * address undeliverable: its letters wait until the directory has another address.
 */

const VERP_LOCAL = "bounces";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function verpMac(letterId: string): string {
  return keyedHash("verp", letterId).slice(0, 12);
}

/** The return path of one letter; the MAC keeps a stranger from bouncing letters by guessing ids. */
export function verpAddress(letterId: string): string {
  return `${VERP_LOCAL}+${letterId}.${verpMac(letterId)}@${env().MAIL_FROM_DOMAIN}`;
}

/** The letter a VERP address names, or null for any other address (or a forged one). */
export function letterFromVerp(address: string): string | null {
  const m = /^bounces\+([0-9a-f-]{36})\.([0-9a-f]{12})@(.+)$/i.exec(address.trim());
  if (!m || m[3].toLowerCase() !== env().MAIL_FROM_DOMAIN.toLowerCase()) return null;
  const id = m[1].toLowerCase();
  if (!UUID.test(id)) return null;
  const ok = timingSafeEqual(Buffer.from(verpMac(id)), Buffer.from(m[2].toLowerCase()));
  return ok ? id : null;
}

/* ------------------------------------------------------------------ reading a DSN */

export interface DsnRecipient {
  finalRecipient: string | null;
  action: string | null;
  /** The enhanced status code, e.g. 5.1.1. */
  status: string | null;
  diagnostic: string | null;
}

export interface ParsedDsn {
  /** Addresses in To, Delivered-To and X-Original-To: where the report was sent. */
  addressedTo: string[];
  recipients: DsnRecipient[];
  /** The letter id from the returned message's headers, when the report includes them. */
  returnedLetterId: string | null;
}

/** RFC 3464 fields: "Name: value" lines, continuation lines folded, blocks split by blank lines. */
function fieldBlocks(text: string): Map<string, string>[] {
  const blocks: Map<string, string>[] = [];
  let current = new Map<string, string>();
  let last: string | null = null;
  for (const line of text.replace(/\r\n/g, "\n").split("\n")) {
    if (line.trim() === "") {
      if (current.size) blocks.push(current);
      current = new Map();
      last = null;
      continue;
    }
    if (/^[ \t]/.test(line) && last) {
      current.set(last, `${current.get(last)} ${line.trim()}`);
      continue;
    }
    const i = line.indexOf(":");
    if (i <= 0) continue;
    last = line.slice(0, i).trim().toLowerCase();
    current.set(last, line.slice(i + 1).trim());
  }
  if (current.size) blocks.push(current);
  return blocks;
}

function parts(raw: Buffer): Promise<{ contentType: string; body: string }[]> {
  return new Promise((resolve, reject) => {
    const splitter = new Splitter();
    const out: { contentType: string; chunks: Buffer[] }[] = [];
    splitter.on("data", (chunk) => {
      const d = chunk as unknown as { type: string; contentType?: string | false; value?: Buffer | string };
      if (d.type === "node") out.push({ contentType: (d.contentType || "").toLowerCase(), chunks: [] });
      else if ((d.type === "body" || d.type === "data") && d.value && out.length) out[out.length - 1].chunks.push(Buffer.from(d.value));
    });
    const stream = splitter as unknown as NodeJS.EventEmitter;
    stream.on("end", () => resolve(out.map((p) => ({ contentType: p.contentType, body: Buffer.concat(p.chunks).toString("utf8") }))));
    stream.on("error", reject);
    splitter.end(raw);
  });
}

export const DSN_MAX_BYTES = 1024 * 1024;

export async function parseDsn(raw: Buffer): Promise<ParsedDsn> {
  const message = await simpleParser(raw.subarray(0, DSN_MAX_BYTES), { skipHtmlToText: true, skipTextLinks: true, skipImageLinks: true });
  const addressedTo: string[] = [];
  const to = message.to ? (Array.isArray(message.to) ? message.to : [message.to]) : [];
  for (const group of to) for (const a of group.value) if (a.address) addressedTo.push(a.address);
  for (const name of ["delivered-to", "x-original-to"]) {
    const v = message.headers.get(name);
    if (typeof v === "string") addressedTo.push(v.replace(/[<>]/g, "").trim());
  }
  const recipients: DsnRecipient[] = [];
  let returnedLetterId: string | null = null;
  for (const p of await parts(raw.subarray(0, DSN_MAX_BYTES))) {
    if (p.contentType === "message/delivery-status") {
      // The first block is about the message; each later one is about one recipient.
      for (const block of fieldBlocks(p.body)) {
        if (!block.has("action") && !block.has("status")) continue;
        recipients.push({
          finalRecipient: block.get("final-recipient")?.replace(/^rfc822;\s*/i, "") ?? null,
          action: block.get("action")?.toLowerCase() ?? null,
          status: /\d\.\d{1,3}\.\d{1,3}/.exec(block.get("status") ?? "")?.[0] ?? null,
          diagnostic: block.get("diagnostic-code") ?? null,
        });
      }
    } else if (p.contentType === "text/rfc822-headers" || p.contentType === "message/rfc822") {
      const m = /^X-Constituent-Letter:\s*([0-9a-f-]{36})\s*$/im.exec(p.body);
      if (m && UUID.test(m[1].toLowerCase())) returnedLetterId = m[1].toLowerCase();
    }
  }
  return { addressedTo, recipients, returnedLetterId };
}

export type BounceOutcome = { hard: number; soft: number; ignored: number };

/**
 * Acts on one report. Letters are named by a VERP address the report was sent to (`envelopeTo`
 * from the listener, or the report's own To); a trusted source (the authenticated webhook) may
 * also name the letter by the returned headers. 5.x.x with action "failed" is a hard bounce;
 * 4.x.x is soft: the relay keeps trying, and so does nothing here.
 */
export async function handleDsn(raw: Buffer, opts: { envelopeTo?: string[]; trusted: boolean }): Promise<BounceOutcome> {
  const dsn = await parseDsn(raw);
  const ids = new Set<string>();
  for (const a of [...(opts.envelopeTo ?? []), ...dsn.addressedTo]) {
    const id = letterFromVerp(a);
    if (id) ids.add(id);
  }
  if (ids.size === 0 && opts.trusted && dsn.returnedLetterId) ids.add(dsn.returnedLetterId);
  const outcome: BounceOutcome = { hard: 0, soft: 0, ignored: 0 };
  if (ids.size === 0 || dsn.recipients.length === 0) {
    outcome.ignored++;
    return outcome;
  }
  const failed = dsn.recipients.find((r) => r.status?.startsWith("5.") && (r.action === null || r.action === "failed"));
  if (!failed) {
    outcome.soft += dsn.recipients.filter((r) => r.status?.startsWith("4.")).length || 0;
    if (outcome.soft === 0) outcome.ignored++;
    log.info("bounce.soft", { letters: [...ids], status: dsn.recipients.map((r) => r.status) });
    return outcome;
  }
  for (const id of ids) {
    if (await recordHardBounce(id, redact(`${failed.status}: ${failed.diagnostic ?? "failed"}`).slice(0, 500), failed.finalRecipient)) outcome.hard++;
    else outcome.ignored++;
  }
  return outcome;
}

/**
 * A hard bounce of one letter: its office address is marked undeliverable (organizers see it in
 * the directory and on the dashboard) and the letter waits for a corrected address, unless its
 * text is already gone (deliver-then-delete), when it has failed for good.
 */
export async function recordHardBounce(letterId: string, detail: string, recipient: string | null = null): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [l] = await tx.select({ status: letters.status, deliveredTo: letters.deliveredTo, digestId: letters.digestId }).from(letters).where(eq(letters.id, letterId)).for("update");
    if (!l || !l.deliveredTo || !["queued", "sending", "sent"].includes(l.status)) return false;
    // A report about another address (a forwarding mailbox behind the office) says nothing about the office's.
    if (recipient && recipient.trim().toLowerCase() !== l.deliveredTo) return false;
    const now = new Date();
    await tx
      .insert(offices)
      .values({ email: l.deliveredTo, bouncedAt: now, bounceDetail: detail })
      .onConflictDoUpdate({ target: offices.email, set: { bouncedAt: now, bounceDetail: detail } });
    // A digest bounced: every letter it carried did (its return path names its first letter).
    const affected = l.digestId
      ? await tx.select({ id: letters.id, body: letters.body }).from(letters).where(and(eq(letters.digestId, l.digestId), inArray(letters.status, ["sending", "sent"])))
      : await tx.select({ id: letters.id, body: letters.body }).from(letters).where(eq(letters.id, letterId));
    for (const a of affected) {
      // Deliver-then-delete blanked its text on delivery (lib/privacy/retention.ts): nothing to send again.
      const erased = a.body === "";
      await tx
        .update(letters)
        .set(
          erased
            ? { status: "failed", failedAt: now, bouncedAt: now, lastError: `office address bounced: ${detail}` }
            : { status: "queued", bouncedAt: now, digestId: null, sentAt: null, digestDueAt: null, lastError: `office address bounced on ${now.toISOString().slice(0, 10)}; waiting for a corrected address` },
        )
        .where(eq(letters.id, a.id));
      await logEvent(tx, a.id, erased ? "failed" : "queued", `bounced: ${detail}`);
    }
    log.warn("office.bounced", { letterId, letters: affected.length });
    return true;
  });
}

/* ------------------------------------------------------------------ the inbound listener */

type ListenerRegistry = { server?: SMTPServer; port?: number };
const registry: ListenerRegistry = ((globalThis as Record<string, unknown>).__constituentBounces ??= {}) as ListenerRegistry;

/**
 * An SMTP server that accepts mail only for VERP addresses (anything else is refused at RCPT, so
 * it is no one's inbox and no relay) and reads each message as a bounce report.
 */
export async function startBounceListener(opts: { port: number; host: string }): Promise<number> {
  if (registry.port) return registry.port;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: DSN_MAX_BYTES,
    logger: false,
    banner: "Constituent bounces",
    onRcptTo(address, _session, callback) {
      if (letterFromVerp(address.address)) return callback();
      const err = new Error("5.1.1 no such mailbox") as Error & { responseCode: number };
      err.responseCode = 550;
      callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (c: Buffer) => {
        size += c.length;
        if (size <= DSN_MAX_BYTES) chunks.push(c);
      });
      stream.on("end", () => {
        handleDsn(Buffer.concat(chunks), { envelopeTo: session.envelope.rcptTo.map((r) => r.address), trusted: false })
          .then((o) => {
            log.info("bounce.received", o);
            callback();
          })
          .catch((err) => {
            log.error("bounce.failed", { error: err });
            const e = new Error("4.3.0 try again later") as Error & { responseCode: number };
            e.responseCode = 451;
            callback(e);
          });
      });
    },
  });
  server.on("error", (err) => log.error("bounce_listener.error", { error: err }));
  const port = await new Promise<number>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      const a = server.server.address();
      resolve(typeof a === "object" && a ? a.port : opts.port);
    });
  });
  registry.server = server;
  registry.port = port;
  log.info("bounce_listener.listening", { port });
  return port;
}

export async function stopBounceListener(): Promise<void> {
  const server = registry.server;
  registry.server = undefined;
  registry.port = undefined;
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** The webhook's shared secret, compared in constant time; no secret configured means no webhook. */
export function bounceWebhookAuthorized(header: string | null): boolean {
  const secret = env().BOUNCE_WEBHOOK_SECRET;
  if (!secret || !header) return false;
  const given = Buffer.from(header.replace(/^Bearer\s+/i, ""));
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
