"use server";

import { redirect } from "next/navigation";
import { currentFlowId, writeFlow } from "@/lib/signing/flow-cookie";
import { paths } from "@/lib/paths";
import { decideLetterByToken } from "@/lib/signing/approve-letter";

/** The address's owner sends, or refuses, the letter the approve link showed them in full. */
export async function decideLetterAction(locale: string, token: string, decision: "send" | "refuse"): Promise<void> {
  const r = await decideLetterByToken(token, decision === "send" ? "send" : "refuse", { flowId: await currentFlowId(), locale });
  if (!r.ok) redirect(paths.approve(locale, token));
  if (r.flowId) await writeFlow(r.flowId);
  if (r.statusToken) redirect(paths.status(locale, r.statusToken, { approved: r.outcome }));
  redirect(paths.letterDecided(locale, r.outcome));
}
