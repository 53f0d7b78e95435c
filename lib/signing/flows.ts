import { and, eq, sql } from "drizzle-orm";
import { signatures, signingFlows, supporters, type SignatureStatus } from "@/db/schema";
import { hitRateLimit, type LimitRule } from "@/lib/server/rate-limit";
import { signatureEmailSql } from "./addresses";
import { getDb, type Tx } from "@/lib/server/db";
import { FLOW_TTL_SECONDS } from "./flow-token";
import { loadFlow, view, type FlowView } from "./flow-store";
import { approveFlowLetters, queueApprovedLetters } from "@/lib/letters/lifecycle";
import { jobTransaction } from "@/lib/jobs/queue";
import { consumeToken, issueToken, matchConfirmCode } from "./tokens";

/**
 * Signing flows: the capability model of docs/decisions/0014.
 *
 * Every press of "Sign" makes a flow for that browser, holding only what it typed. A flow acts
 * on the signature behind the address, but shows nothing of it: pages are built from the flow.
 * Two things give a browser more: creating the signature in that very request (its own data is
 * what it typed), and proving control of the address with a link or code from the mailbox
 * (`proven`). Only a proven flow's letters leave without the owner approving them by email.
 */

/** The flow a browser's cookie names, for this campaign, while it lasts. */
export type { FlowView };

export async function getFlow(flowId: string, campaignId: string): Promise<FlowView | null> {
  const row = await loadFlow(await getDb(), flowId, { campaignId });
  return row ? view(row) : null;
}

/**
 * Records the riding the supporter chose, in their flow. The signature (what organizers count
 * by riding) takes it too when this browser created it, or proved the address and the signature
 * has none yet: a re-signer can move nobody's riding.
 */
export async function chooseFlowRiding(flowId: string, campaignId: string, fedNum: string): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const flow = await loadFlow(tx, flowId, { campaignId, forUpdate: true });
    if (!flow) return false;
    await tx.update(signingFlows).set({ ridingFedNum: fedNum }).where(eq(signingFlows.id, flow.id));
    if (flow.createdSignature || flow.proven) {
      await tx
        .update(signatures)
        .set({ ridingFedNum: fedNum })
        .where(and(eq(signatures.id, flow.signatureId), flow.createdSignature ? undefined : sql`${signatures.ridingFedNum} is null`));
    }
    return true;
  });
}

/* ------------------------------------------------------------------ proving the address */

/** Wrong codes a signature may take over its whole life; after that only the emailed link works. */
export const MAX_CODE_FAILURES = 10;
/** Codes typed from one network address, right or wrong (a shared address at a rally stays well under). */
export const CODE_LIMITS_PER_IP: LimitRule[] = [
  { limit: 20, windowSeconds: 600 },
  { limit: 100, windowSeconds: 24 * 3600 },
];

/** A pending signature becomes confirmed (a flagged or removed one records the confirmation and keeps its state). */
export async function confirmSignatureInTx(tx: Tx, signatureId: string): Promise<{ campaignId: string; status: SignatureStatus } | null> {
  const [sig] = await tx
    .update(signatures)
    .set({
      status: sql`case when ${signatures.status} = 'pending' then 'confirmed' else ${signatures.status} end`,
      confirmedAt: sql`coalesce(${signatures.confirmedAt}, now())`,
    })
    .where(eq(signatures.id, signatureId))
    .returning({ campaignId: signatures.campaignId, status: signatures.status });
  return sig ?? null;
}

/**
 * This browser has just used a link or code from the mailbox of the address behind
 * `signatureId`. If its flow acts on that signature, the flow is now proven and the letters it
 * wrote are approved (they leave once the signature counts); otherwise the browser gets a new,
 * proven flow, filled from the signature. Returns the flow the browser should hold.
 */
export async function proveFlowInTx(tx: Tx, signatureId: string, flowId: string | null, locale: string): Promise<{ flowId: string; lettersReleased: number }> {
  const current = flowId ? await loadFlow(tx, flowId, { forUpdate: true }) : null;
  let proven: string;
  if (current && current.signatureId === signatureId) {
    await tx
      .update(signingFlows)
      .set({ provenAt: sql`coalesce(${signingFlows.provenAt}, now())`, expiresAt: sql`greatest(${signingFlows.expiresAt}, now() + make_interval(secs => ${FLOW_TTL_SECONDS}))` })
      .where(eq(signingFlows.id, current.id));
    await approveFlowLetters(tx, current.id);
    proven = current.id;
  } else {
    proven = await openProvenFlow(tx, signatureId, locale);
  }
  return { flowId: proven, lettersReleased: await queueApprovedLetters(tx, signatureId) };
}

/** A proven flow for a browser arriving from the mailbox: the signature's own details. */
async function openProvenFlow(tx: Tx, signatureId: string, locale: string): Promise<string> {
  const [s] = await tx
    .select({
      campaignId: signatures.campaignId,
      name: signatures.name,
      email: signatureEmailSql,
      residency: signatures.residency,
      postalCode: signatures.postalCode,
      provinceCode: signatures.provinceCode,
      ridingFedNum: signatures.ridingFedNum,
    })
    .from(signatures)
    .innerJoin(supporters, eq(supporters.id, signatures.supporterId))
    .where(eq(signatures.id, signatureId));
  const [row] = await tx
    .insert(signingFlows)
    .values({
      ...s,
      signatureId,
      locale,
      provenAt: sql`now()`,
      expiresAt: sql`now() + make_interval(secs => ${FLOW_TTL_SECONDS})`,
    })
    .returning({ id: signingFlows.id });
  return row.id;
}

export type ProveByCodeResult =
  | { ok: true; flowId: string; campaignId: string; lettersReleased: number; statusToken: string }
  | { ok: false; error: "session.expired" | "code.invalid" | "code.tooMany" };

/**
 * The 6-digit code typed in the browser that holds the flow. Tries are counted per network
 * address and per signature over its whole life, right or wrong alike once over: past either
 * limit the code is not even checked (the emailed link still works).
 */
export async function proveFlowByCode(flowId: string, campaignId: string, code: string, ip: string | null): Promise<ProveByCodeResult> {
  if (!/^\d{6}$/.test(code)) return { ok: false, error: "code.invalid" };
  return jobTransaction(async (tx): Promise<ProveByCodeResult> => {
    const flow = await loadFlow(tx, flowId, { campaignId, forUpdate: true });
    if (!flow) return { ok: false, error: "session.expired" };
    if (ip && (await hitRateLimit(tx, `code:ip:${ip}`, CODE_LIMITS_PER_IP))) return { ok: false, error: "code.tooMany" };
    const [sig] = await tx.select({ failures: signatures.codeFailures }).from(signatures).where(eq(signatures.id, flow.signatureId)).for("update");
    if (!sig || sig.failures >= MAX_CODE_FAILURES) return { ok: false, error: "code.tooMany" };
    const token = await matchConfirmCode(tx, flow.signatureId, code);
    if (!token || !(await consumeToken(tx, token.id))) {
      await tx.update(signatures).set({ codeFailures: sql`${signatures.codeFailures} + 1` }).where(eq(signatures.id, flow.signatureId));
      return { ok: false, error: sig.failures + 1 >= MAX_CODE_FAILURES ? "code.tooMany" : "code.invalid" };
    }
    await confirmSignatureInTx(tx, flow.signatureId);
    const proven = await proveFlowInTx(tx, flow.signatureId, flow.id, flow.locale);
    const statusToken = (await issueToken(tx, "manage", flow.signatureId)).token;
    return { ok: true, flowId: proven.flowId, campaignId: flow.campaignId, lettersReleased: proven.lettersReleased, statusToken };
  });
}

/** Expired flows go, with the drafts only they could reach (held letters stay for their approval email). */
export async function deleteExpiredFlows(): Promise<number> {
  const db = await getDb();
  const expired = sql`(select ${signingFlows.id} from ${signingFlows} where ${signingFlows.expiresAt} < now())`;
  await db.execute(sql`delete from letters where status = 'draft' and flow_id in ${expired}`);
  const rows = await db.delete(signingFlows).where(sql`${signingFlows.expiresAt} < now()`).returning({ id: signingFlows.id });
  return rows.length;
}
