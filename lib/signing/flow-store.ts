import { and, eq, gt, sql } from "drizzle-orm";
import { signingFlows, type Residency } from "@/db/schema";
import type { Db, Tx } from "@/lib/server/db";
import { openRow } from "@/lib/privacy/encryption";

/** Reading signing flows (lib/signing/flows.ts), shared by the flow and letter modules. */

export interface FlowView {
  id: string;
  campaignId: string;
  /** This browser used a link or code from the address's mailbox. */
  proven: boolean;
  name: string;
  email: string;
  residency: Residency;
  postalCode: string | null;
  provinceCode: string | null;
  ridingFedNum: string | null;
  locale: string;
}

/** What lib/ needs besides the view; never handed to a page. */
export interface FlowRow extends FlowView {
  signatureId: string;
  createdSignature: boolean;
  flagReason: string | null;
}

/** What a flow holds sealed (decision 0027). */
export const SEALED_FLOW_FIELDS = ["name", "email", "postalCode"] as const;

const flowColumns = {
  id: signingFlows.id,
  campaignId: signingFlows.campaignId,
  provenAt: signingFlows.provenAt,
  name: signingFlows.name,
  email: signingFlows.email,
  residency: signingFlows.residency,
  postalCode: signingFlows.postalCode,
  provinceCode: signingFlows.provinceCode,
  ridingFedNum: signingFlows.ridingFedNum,
  locale: signingFlows.locale,
  signatureId: signingFlows.signatureId,
  createdSignature: signingFlows.createdSignature,
  flagReason: signingFlows.flagReason,
};

export async function loadFlow(q: Db | Tx, flowId: string, opts: { campaignId?: string; forUpdate?: boolean } = {}): Promise<FlowRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(flowId)) return null;
  const query = q
    .select(flowColumns)
    .from(signingFlows)
    .where(
      and(
        eq(signingFlows.id, flowId),
        opts.campaignId ? eq(signingFlows.campaignId, opts.campaignId) : undefined,
        gt(signingFlows.expiresAt, sql`now()`),
      ),
    );
  const [row] = opts.forUpdate ? await query.for("update") : await query;
  if (!row) return null;
  await openRow(q, row, SEALED_FLOW_FIELDS);
  const { provenAt, ...rest } = row;
  return { ...rest, proven: provenAt !== null };
}

export function view(row: FlowRow): FlowView {
  const { signatureId: _s, createdSignature: _c, flagReason: _f, ...v } = row;
  return v;
}

