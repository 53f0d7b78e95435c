import { env } from "./env";

/**
 * Structured JSON logs on stdout. Never pass personal data (names, emails, postal codes, IPs)
 * or tokens: log ids and counts. Ids (UUIDs) are kept: they are not personal data, and an
 * incident needs them to follow a signature or a letter. `redact()` is a second line of defence.
 */
type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

const EMAIL = /[^\s@<>"']+@[^\s@<>"']+\.[a-z]{2,}/gi;
const TOKENISH = /\b[A-Za-z0-9_-]{32,}\b/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const POSTAL_CODE = /\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d\b/gi;
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
const IPV6 = /\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{0,4}\b/gi;

export function redact(s: string): string {
  return s
    .replace(EMAIL, "[email]")
    .replace(TOKENISH, (m) => (UUID.test(m) ? m : "[token]"))
    .replace(POSTAL_CODE, "[postal]")
    .replace(IPV4, "[ip]")
    .replace(IPV6, "[ip]");
}

/** Next.js's refusal of an oversized server-action body: expected traffic, worth one line. */
const BODY_LIMIT = /Body exceeded [^\n]* limit/;

function write(level: Level, event: string, fields: Record<string, unknown> = {}) {
  let threshold: Level | "silent" = "info";
  try {
    threshold = env().LOG_LEVEL;
  } catch {
    /* configuration errors are reported elsewhere */
  }
  if (ORDER[level] < ORDER[threshold]) return;
  const clean: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    clean[k] = v instanceof Error ? redact(v.message) : typeof v === "string" ? redact(v) : v;
  }
  const line = JSON.stringify({ t: new Date().toISOString(), level, event, ...clean });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

export const log = {
  debug: (event: string, fields?: Record<string, unknown>) => write("debug", event, fields),
  info: (event: string, fields?: Record<string, unknown>) => write("info", event, fields),
  warn: (event: string, fields?: Record<string, unknown>) => write("warn", event, fields),
  error: (event: string, fields?: Record<string, unknown>) => write("error", event, fields),
};

/** Drizzle puts query parameters (names, emails) into error messages: never let them reach a log. */
export function scrubForLog(value: unknown): unknown {
  if (value instanceof Error) {
    if (BODY_LIMIT.test(value.message)) return redact(BODY_LIMIT.exec(value.message)![0]);
    const text = `${value.stack ?? `${value.name}: ${value.message}`}`.replace(/\nparams: [^\n]*/g, "\nparams: [redacted]");
    const cause = value.cause instanceof Error ? `\n[cause] ${redact(value.cause.message)}` : "";
    return redact(text) + cause;
  }
  if (typeof value === "string") return redact(value.replace(/\nparams: [^\n]*/g, "\nparams: [redacted]"));
  return value;
}

/**
 * Next.js prints uncaught errors itself (console.error). Routing console.error/warn through the
 * scrubber keeps personal data out of those lines too. Installed once at boot.
 */
export function installConsoleScrubber(): void {
  const g = globalThis as Record<string, unknown>;
  if (g.__constituentConsoleScrubbed) return;
  g.__constituentConsoleScrubbed = true;
  for (const method of ["error", "warn"] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => original(...args.map(scrubForLog));
  }
}
