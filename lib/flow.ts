import { createHmac, timingSafeEqual } from "node:crypto";
import { authSecret } from "./env";

/**
 * Between signing and confirming, the supporter's browser holds a signed cookie naming their
 * signature. `fresh` is true only when this browser created the signature: a re-sign with someone
 * else's address must not let its author release letters without the owner's confirmation.
 */
export const FLOW_COOKIE = "cst_flow";
export const FLOW_TTL_SECONDS = 2 * 3600;

export interface Flow {
  sid: string;
  campaignId: string;
  fresh: boolean;
  exp: number;
}

function mac(payload: string): string {
  return createHmac("sha256", authSecret()).update(`flow:${payload}`).digest("base64url");
}

export function encodeFlow(flow: Omit<Flow, "exp">, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ ...flow, exp: Math.floor(now / 1000) + FLOW_TTL_SECONDS })).toString("base64url");
  return `${payload}.${mac(payload)}`;
}

export function decodeFlow(value: string | undefined, now = Date.now()): Flow | null {
  if (!value) return null;
  const [payload, signature] = value.split(".");
  if (!payload || !signature) return null;
  const expected = Buffer.from(mac(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const flow = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Flow;
    if (typeof flow.sid !== "string" || typeof flow.exp !== "number" || flow.exp * 1000 < now) return null;
    return flow;
  } catch {
    return null;
  }
}
