/**
 * A minimal SMTP receiver for benchmarks and fault tests: records each accepted message's
 * Message-ID (no parsing beyond the header, no database), and can refuse with 4xx or 5xx, delay
 * or hold messages. A message counts as received only once its "250" reply has been written to a
 * live connection, as for a real relay: a client that dies before the reply delivered nothing.
 */
import { SMTPServer } from "smtp-server";

/** tempfail: 451 at RCPT; permfail: 550 at RCPT (no such mailbox: a hard bounce); reject: 554 for the message itself, after DATA. */
export type StubMode = "accept" | "tempfail" | "permfail" | "reject";

export interface SmtpStub {
  port: number;
  url: string;
  /** Message-IDs received, in order (duplicates kept). */
  received: string[];
  mode: StubMode;
  /** Milliseconds to wait before answering each DATA. */
  delayMs: number;
  /** When set, every message after this many received waits, unanswered, until release(). */
  holdAfter: number | null;
  /** Messages currently waiting for an answer. */
  held(): number;
  release(): void;
  /** Connections seen (pooled transports open few). */
  connections(): number;
  close(): Promise<void>;
}

function messageIdOf(head: string): string {
  const m = /^message-id:\s*(<[^>\r\n]+>)/im.exec(head);
  return m ? m[1] : "(none)";
}

export async function startSmtpStub(opts: { mode?: StubMode; delayMs?: number } = {}): Promise<SmtpStub> {
  let connections = 0;
  let waiting: (() => void)[] = [];
  const stub: SmtpStub = {
    port: 0,
    url: "",
    received: [],
    mode: opts.mode ?? "accept",
    delayMs: opts.delayMs ?? 0,
    holdAfter: null,
    held: () => waiting.length,
    release() {
      const w = waiting;
      waiting = [];
      for (const f of w) f();
    },
    connections: () => connections,
    close: async () => {
      stub.release();
      // smtp-server waits for idle pooled clients to leave; don't wait more than a moment.
      await Promise.race([new Promise<void>((resolve) => server.close(() => resolve())), new Promise((r) => setTimeout(r, 1000).unref())]);
    },
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    maxClients: 200,
    closeTimeout: 500,
    onConnect(_session, cb) {
      connections++;
      cb();
    },
    onRcptTo(_address, _session, cb) {
      if (stub.mode === "tempfail") return cb(Object.assign(new Error("Greylisted, try again later"), { responseCode: 451 }));
      if (stub.mode === "permfail") return cb(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      let head = "";
      stream.on("data", (chunk: Buffer) => {
        if (head.length < 16_384) head += chunk.toString("latin1");
      });
      stream.on("end", async () => {
        const id = messageIdOf(head.split(/\r?\n\r?\n/)[0]);
        if (stub.delayMs > 0) await new Promise((r) => setTimeout(r, stub.delayMs));
        if (stub.holdAfter !== null && stub.received.length >= stub.holdAfter) await new Promise<void>((r) => waiting.push(r));
        // The client may have died while we waited: then nothing was delivered.
        const socket = (session as unknown as { socket?: { destroyed?: boolean } }).socket;
        if (closed.has(session.id) || socket?.destroyed) return cb(new Error("connection gone"));
        if (stub.mode === "reject") return cb(Object.assign(new Error("5.7.1 Message rejected by policy"), { responseCode: 554 }));
        stub.received.push(id);
        cb();
      });
    },
    onClose(session) {
      closed.add(session.id);
    },
  });
  const closed = new Set<string>();
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  stub.port = typeof address === "object" && address ? address.port : 0;
  stub.url = `smtp://127.0.0.1:${stub.port}`;
  return stub;
}
