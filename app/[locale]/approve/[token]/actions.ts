"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { currentFlowId, writeFlow } from "@/lib/signing/flow-cookie";
import { tokenAction } from "@/lib/server/action";
import { paths } from "@/lib/paths";
import { decideLetterByToken } from "@/lib/signing/approve-letter";

/** The address's owner sends, or refuses, the letter the approve link showed them in full (one button each). */
export const decideLetterAction = tokenAction(
  { fields: ["decision"], schema: z.object({ decision: z.enum(["send", "refuse"]) }), invalid: ({ scope }) => redirect(paths.approve(scope.locale, scope.token)) },
  async ({ decision }, { locale, scope }): Promise<void> => {
    const r = await decideLetterByToken(scope.token, decision, { flowId: await currentFlowId(), locale });
    if (!r.ok) redirect(paths.approve(locale, scope.token));
    if (r.flowId) await writeFlow(r.flowId);
    if (r.statusToken) redirect(paths.status(locale, r.statusToken, { approved: r.outcome }));
    redirect(paths.letterDecided(locale, r.outcome));
  },
);
