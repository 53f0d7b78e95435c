import { createHmac, timingSafeEqual } from "node:crypto";
import { authSecret } from "@/lib/server/env";

/**
 * A supporter's browser names its signing flow (lib/signing/flows.ts) with a signed cookie. The cookie
 * carries only the flow's random id: what the browser may see and do is decided on the server,
 * from the flow row, never from the cookie.
 */
export const FLOW_COOKIE = "cst_flow";
/** How long a browser keeps its flow: long enough to write a letter, short enough to forget. */
export const FLOW_TTL_SECONDS = 6 * 3600;

export interface FlowCookie {
  fid: string;
  exp: number;
}

function mac(payload: string): string {
  return createHmac("sha256", authSecret()).update(`flow:${payload}`).digest("base64url");
}

export function encodeFlow(flowId: string, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ fid: flowId, exp: Math.floor(now / 1000) + FLOW_TTL_SECONDS })).toString("base64url");
  return `${payload}.${mac(payload)}`;
}

export function decodeFlow(value: string | undefined, now = Date.now()): FlowCookie | null {
  if (!value || value.length > 500) return null;
  const [payload, signature] = value.split(".");
  if (!payload || !signature) return null;
  const expected = Buffer.from(mac(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const flow = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as FlowCookie;
    if (typeof flow.fid !== "string" || typeof flow.exp !== "number" || flow.exp * 1000 < now) return null;
    return flow;
  } catch {
    return null;
  }
}
