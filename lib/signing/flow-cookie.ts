/** The supporter's flow cookie in a request (pages and actions only: it reads next/headers). */
import { cookies } from "next/headers";
import { secureCookies } from "@/lib/server/env";
import { decodeFlow, encodeFlow, FLOW_COOKIE, FLOW_TTL_SECONDS } from "./flow-token";
import { getFlow, type FlowView } from "./flows";

/** The id of the flow this browser holds, if its cookie is genuine and unexpired. */
export async function currentFlowId(): Promise<string | null> {
  return decodeFlow((await cookies()).get(FLOW_COOKIE)?.value)?.fid ?? null;
}

/** This browser's signing flow for this campaign, or null. */
export async function readFlow(campaignId: string): Promise<FlowView | null> {
  const fid = await currentFlowId();
  return fid ? getFlow(fid, campaignId) : null;
}

export async function writeFlow(flowId: string) {
  (await cookies()).set(FLOW_COOKIE, encodeFlow(flowId), {
    httpOnly: true,
    sameSite: "lax",
    secure: secureCookies(),
    path: "/",
    maxAge: FLOW_TTL_SECONDS,
  });
}
