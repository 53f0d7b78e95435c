import { isIP } from "node:net";
import { env } from "./env";

/**
 * The client's IP, from X-Forwarded-For as written by our own reverse proxies. Each of the
 * TRUSTED_PROXY_HOPS proxies appends the address it received the request from, so the client is
 * the entry that many places from the right; everything further left was written by the client.
 * With no proxy (0) the address is unknown: `next start` keeps a client-sent X-Forwarded-For as is,
 * so believing it would let anyone pin abuse on someone else's address.
 */
export function clientIp(headers: Headers): string | null {
  const hops = env().TRUSTED_PROXY_HOPS;
  if (hops === 0) return null;
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const ip = chain.length >= hops ? chain[chain.length - hops].replace(/^::ffff:/, "") : null;
  // Only a well-formed IPv4 or IPv6 address: it is later compared as inet in PostgreSQL.
  return ip && isIP(ip) !== 0 ? ip : null;
}
