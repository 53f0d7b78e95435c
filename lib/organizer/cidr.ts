import { isIP } from "node:net";

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

/** "198.51.100.7/24" → "198.51.100.0/24"; a bare address is its own /32 (or /128). null: not an IP range. */
export function normalizeCidr(input: string): string | null {
  const v = input.trim().toLowerCase();
  const m = IPV4_CIDR.exec(v);
  if (m) {
    const octets = m.slice(1, 5).map(Number);
    const bits = m[5] === undefined ? 32 : Number(m[5]);
    if (octets.some((o) => o > 255) || bits > 32) return null;
    const n = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    const net = (n & mask) >>> 0;
    return `${[24, 16, 8, 0].map((s) => (net >>> s) & 255).join(".")}/${bits}`;
  }
  const [addr, len, ...rest] = v.split("/");
  if (rest.length > 0 || isIP(addr) !== 6) return null;
  const bits = len === undefined ? 128 : /^\d{1,3}$/.test(len) ? Number(len) : NaN;
  if (!(bits >= 0 && bits <= 128)) return null;
  // PostgreSQL masks the host bits (`network()`), for IPv6 as for IPv4.
  return `${addr}/${bits}`;
}

/** Wider than this, a range is more likely a typo than an attack: refused. */
export const MIN_PREFIX = { 4: 8, 6: 32 } as const;
