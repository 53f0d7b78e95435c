/**
 * Telling "the database is down" apart from a bug: connection refused or reset, the server
 * shutting down (57P01–57P03), connection exceptions (class 08), a pool that could not connect in
 * time. Requests that meet one answer 503 at once with Retry-After, never hang, and the pool
 * reconnects by itself when the server is back.
 */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH"]);
const MESSAGES = /connection terminated|timeout exceeded when trying to connect|connection ended unexpectedly|client has encountered a connection error|database system is (shutting down|starting up)|terminating connection due to administrator command|Client was closed/i;

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; depth++) {
    const x = e as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown[] };
    const code = typeof x.code === "string" ? x.code : "";
    if (NETWORK_CODES.has(code) || code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03") return true;
    if (typeof x.message === "string" && MESSAGES.test(x.message)) return true;
    if (Array.isArray(x.errors) && x.errors.some((inner) => isDatabaseUnavailable(inner))) return true; // AggregateError (IPv4 + IPv6)
    e = x.cause;
  }
  return false;
}

/** Seconds a client is told to wait before retrying while the database is unavailable. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 10;
