import { cookies } from "next/headers";
import { secureCookies } from "@/lib/env";
import { decodeFlow, encodeFlow, FLOW_COOKIE, FLOW_TTL_SECONDS, type Flow } from "@/lib/flow";
import { getFlowSignature, type FlowSignature } from "@/lib/signatures";

/** The supporter's signing flow for this campaign, from the signed cookie, or null. */
export async function readFlow(campaignId: string): Promise<{ flow: Flow; signature: FlowSignature } | null> {
  const flow = decodeFlow((await cookies()).get(FLOW_COOKIE)?.value);
  if (!flow || flow.campaignId !== campaignId) return null;
  const signature = await getFlowSignature(flow.sid, campaignId);
  return signature ? { flow, signature } : null;
}

export async function writeFlow(flow: Omit<Flow, "exp">) {
  (await cookies()).set(FLOW_COOKIE, encodeFlow(flow), {
    httpOnly: true,
    sameSite: "lax",
    secure: secureCookies(),
    path: "/",
    maxAge: FLOW_TTL_SECONDS,
  });
}
