import { env } from "./env";

/**
 * The client's IP. `next start` appends the socket peer to X-Forwarded-For, so the rightmost entry
 * is who connected to us; each of our own TRUSTED_PROXY_HOPS proxies appended one more. Entries to
 * the left of those were written by the client and are never believed.
 */
export function clientIp(headers: Headers): string | null {
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const index = chain.length - 1 - env().TRUSTED_PROXY_HOPS;
  const ip = index >= 0 ? chain[index].replace(/^::ffff:/, "") : null;
  return ip && /^[0-9a-fA-F:.]{2,45}$/.test(ip) ? ip : null;
}
