import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import {
  RESIDENCIES,
  campaigns,
  letters,
  organizations,
  representatives,
  ridings,
  signatures,
  type Residency,
  type SignatureStatus,
} from "@/db/schema";
import { pruneRateLimitHits, SIGNING_LIMITS_PER_IP } from "./abuse";
import { invalidateCount, SIGNABLE_CAMPAIGN_STATUSES } from "./campaigns";
import { getDb, type Tx } from "./db";
import { FLOW_TTL_SECONDS } from "./flow";
import { loadFlow } from "./flow-store";
import { confirmSignatureInTx, proveFlowInTx } from "./flows";
import { approveLetterInTx, buildLetterEmail, loadLetterEnvelope, refuseLetterInTx } from "./letters";
import type { OutgoingMail } from "./mail";
import { normalizePostalCode } from "./postal";
import { enqueueInTx, jobTransaction, QUEUES } from "./queue";
import { consumeToken, findValidToken, issueToken } from "./tokens";

/** Versioned so the consent a supporter gave can be shown word for word later (CASL). */
export const CONSENT_WORDING_VERSION = "2026-11-consent-v1";

/**
 * Lower-case; for Gmail, dots and +tags dropped; for every domain, +tags dropped. Used only to
 * decide "same person", never to send mail.
 */
export function canonicalEmail(email: string): string {
  const [local, domain] = email.trim().toLowerCase().split("@");
  if (!domain) return email.trim().toLowerCase();
  let l = local.split("+")[0];
  let d = domain;
  if (d === "googlemail.com") d = "gmail.com";
  if (d === "gmail.com") l = l.replace(/\./g, "");
  return `${l}@${d}`;
}

const URL_LIKE = /(https?:\/\/|www\.|\b[a-z0-9-]+\.(com|net|org|ca|io|ru|cn|info|xyz|top|link)\b)/i;

/** One schema for signing, used by the action, the API and the tests. Messages are i18n codes. */
export const signInputSchema = z
  .object({
    name: z
      .string({ error: "name.required" })
      .transform((s) => s.replace(/\s+/g, " ").trim())
      .pipe(
        z
          .string()
          .min(1, "name.required")
          .max(100, "name.tooLong")
          .refine((s) => !URL_LIKE.test(s) && !/^[=+\-@]/.test(s), "name.invalid"),
      ),
    email: z
      .string({ error: "email.required" })
      .transform((s) => s.trim())
      .pipe(z.string().min(1, "email.required").max(254, "email.invalid").pipe(z.email("email.invalid"))),
    residency: z.enum(RESIDENCIES, { error: "residency.required" }),
    postalCode: z.string().optional().default(""),
    comment: z
      .string()
      .optional()
      .default("")
      .transform((s) => s.trim())
      .pipe(z.string().max(1000, "comment.tooLong")),
    consent: z.boolean().default(false),
    /** Honeypot: people never see it; bots fill it in. */
    website: z.string().optional().default(""),
  })
  .transform((v, ctx) => {
    let postalCode: string | null = null;
    let provinceCode: string | null = null;
    if (v.residency === "resident") {
      const p = normalizePostalCode(v.postalCode);
      if (!p.ok) {
        ctx.addIssue({ code: "custom", path: ["postalCode"], message: p.error });
        return z.NEVER;
      }
      postalCode = p.postalCode;
      provinceCode = p.provinces.length === 1 ? p.provinces[0] : null;
    }
    return { ...v, postalCode, provinceCode };
  });

export type SignInput = z.input<typeof signInputSchema>;
export type ParsedSignInput = z.output<typeof signInputSchema>;

export interface SignContext {
  campaignSlug: string;
  locale: string;
  ip: string | null;
}

export type SignResult =
  | { ok: true; flowId: string; campaignId: string; residency: Residency }
  | { ok: false; error: "campaign.closed" | "campaign.notFound" };

/**
 * Signs, or signs again: one statement records the decision and a flow for this browser, and the
 * same transaction queues one email job. The work and the answer are the same whether or not the
 * address had signed (the worker decides what, if anything, to mail), so neither the response nor
 * its timing says whether someone signed. A re-signer gets a flow holding only what they typed.
 */
export async function createSignature(input: ParsedSignInput, ctx: SignContext): Promise<SignResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await jobTransaction(async (tx) => {
        const row = await recordSignature(tx, input, ctx);
        if (!row) return { ok: false, error: "campaign.notFound" } as const;
        if (!row.open || !row.flowId) return { ok: false, error: "campaign.closed" } as const;
        await enqueueInTx(tx, QUEUES.confirmationMail, { flowId: row.flowId });
        if (Math.random() < 0.01) await pruneRateLimitHits(tx);
        return { ok: true, flowId: row.flowId, campaignId: row.campaignId, residency: input.residency } as const;
      });
    } catch (err) {
      // Two first signatures with one address at the same instant: the loser's statement cannot
      // see the winner's row yet, so its flow has no signature. Once more, and it does.
      if (attempt === 0 && isNotNullViolation(err)) continue;
      throw err;
    }
  }
}

function isNotNullViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: string }).code === "23502") return true;
  }
  return false;
}

interface RecordedSignature {
  campaignId: string;
  open: boolean;
  flowId: string | null;
}

/**
 * The whole signing decision in one statement (one round trip, where it once took five): find the
 * campaign and check that it takes signatures, upsert the supporter, record the IP's hit against
 * the rate limits, look the address and IP up in the block lists, and insert the signature:
 * flagged, with the reason, when the honeypot is filled, a block matches or a limit is exceeded
 * (silent flagging: the signer sees the usual pages, organizers see why). Nothing is written for
 * a campaign that is missing or closed. Returns null when no campaign has this slug.
 */
async function recordSignature(tx: Tx, input: ParsedSignInput, ctx: SignContext): Promise<RecordedSignature | null> {
  const canonical = canonicalEmail(input.email);
  const domain = canonical.split("@")[1] ?? "";
  const ip = ctx.ip;
  const honeypot = input.website.trim() !== "";
  const longest = Math.max(...SIGNING_LIMITS_PER_IP.map((r) => r.windowSeconds));
  const windows = SIGNING_LIMITS_PER_IP.map(
    (r, i) => sql`count(*) filter (where r.at > now() - make_interval(secs => ${r.windowSeconds}))::int as ${sql.raw(`w${i}`)}`,
  );
  // The hit inserted by this statement is not visible to its own reads: hence the + 1.
  const overLimit = sql.join(
    SIGNING_LIMITS_PER_IP.map((r, i) => sql`prior.${sql.raw(`w${i}`)} + 1 > ${r.limit}`),
    sql` or `,
  );
  const signable = sql.join(
    SIGNABLE_CAMPAIGN_STATUSES.map((st) => sql`${st}`),
    sql`, `,
  );
  const result = (await tx.execute(sql`
    with cam as (
      select id, organization_id,
        (status in (${signable}) and (ends_at is null or ends_at > now())) as open,
        'sign:ip:' || ${ip}::text || ':' || id as limit_key
      from campaigns
      -- A suspended organization's campaigns are hidden: as if they did not exist.
      where slug = ${ctx.campaignSlug}
        and not exists (select 1 from organizations o where o.id = campaigns.organization_id and o.suspended_at is not null)
    ),
    sup as (
      insert into supporters (email, email_canonical, locale)
      select ${input.email}::text, ${canonical}::text, ${ctx.locale}::text from cam where cam.open
      on conflict (email_canonical) do update set email_canonical = excluded.email_canonical
      returning id
    ),
    -- Like every data-modifying CTE, this insert runs even though the final select does not read it.
    hit as (
      insert into rate_limit_hits (key) select cam.limit_key from cam where cam.open and cam.limit_key is not null
      returning 1
    ),
    prior as (
      select ${sql.join(windows, sql`, `)}
      from rate_limit_hits r, cam
      where r.key = cam.limit_key and r.at > now() - make_interval(secs => ${longest})
    ),
    reason as (
      select case when ${honeypot}::boolean then 'honeypot' else coalesce(
        (select 'blocked:email_domain:' || b.value from blocklist b, cam
          where b.kind = 'email_domain' and (b.organization_id is null or b.organization_id = cam.organization_id)
            and (${domain}::text = b.value or right(${domain}::text, length(b.value) + 1) = '.' || b.value)
          order by b.value limit 1),
        (select 'blocked:ip_range:' || b.value from blocklist b, cam
          where b.kind = 'ip_range' and (b.organization_id is null or b.organization_id = cam.organization_id)
            and ${ip}::inet <<= b.value::cidr
          order by b.value limit 1),
        (select 'rate_limit:ip' from prior where ${overLimit})
      ) end as flag_reason
    ),
    ins as (
      insert into signatures (campaign_id, supporter_id, status, flag_reason, name, email, residency, postal_code,
        province_code, comment, locale, consent_to_contact, consent_wording_version, consent_at, ip,
        confirmation_emails_sent)
      select cam.id, sup.id, case when reason.flag_reason is null then 'pending' else 'flagged' end,
        reason.flag_reason, ${input.name}::text, ${input.email}::text, ${input.residency}::text, ${input.postalCode}::text,
        ${input.provinceCode}::text, ${input.comment || null}::text, ${ctx.locale}::text, ${input.consent}::boolean,
        case when ${input.consent}::boolean then ${CONSENT_WORDING_VERSION}::text end,
        case when ${input.consent}::boolean then now() end, ${ip}::text, 0
      from cam, sup, reason
      on conflict (campaign_id, supporter_id) do nothing
      returning id
    ),
    -- This browser's flow: what it typed, and the signature it acts on (new, or the one the
    -- address already had, found in the statement's snapshot).
    flow as (
      insert into signing_flows (campaign_id, signature_id, created_signature, flag_reason, name, email, residency,
        postal_code, province_code, locale, expires_at)
      select cam.id,
        coalesce((select id from ins), (select s.id from signatures s, sup where s.campaign_id = cam.id and s.supporter_id = sup.id)),
        exists (select 1 from ins), reason.flag_reason, ${input.name}::text, ${input.email}::text, ${input.residency}::text,
        ${input.postalCode}::text, ${input.provinceCode}::text, ${ctx.locale}::text, now() + make_interval(secs => ${FLOW_TTL_SECONDS})
      from cam, reason where cam.open
      returning id
    )
    select cam.id as campaign_id, cam.open, (select id from flow) as flow_id
    from cam
  `)) as unknown as { rows: Record<string, unknown>[] };
  const r = result.rows[0];
  if (!r) return null;
  return { campaignId: String(r.campaign_id), open: r.open === true, flowId: r.flow_id == null ? null : String(r.flow_id) };
}

/**
 * "Send the email again", from the flow's check-email page: one more email job for the flow.
 * Whether anything is mailed (caps, flags, a withdrawn signature) is the worker's decision, so
 * the answer is the same for every address.
 */
export async function resendForFlow(flowId: string, campaignId: string): Promise<boolean> {
  return jobTransaction(async (tx) => {
    const flow = await loadFlow(tx, flowId, { campaignId });
    if (!flow) return false;
    await enqueueInTx(tx, QUEUES.confirmationMail, { flowId: flow.id });
    return true;
  });
}

export type ConfirmResult =
  | { ok: true; campaignId: string; status: SignatureStatus; flowId: string; lettersReleased: number; statusToken: string }
  | { ok: false; error: "token.invalid" };

/**
 * The button behind the emailed link: proves the browser holds the address. A pending signature
 * becomes confirmed; the browser's flow (or a new one) is proven, and the letters that flow wrote
 * leave. Letters written in other browsers still wait for their own approval.
 */
export async function confirmSignatureByToken(token: string, ctx: { flowId?: string | null; locale?: string } = {}): Promise<ConfirmResult> {
  const result = await jobTransaction(async (tx): Promise<ConfirmResult> => {
    const t = await findValidToken(tx, "confirm", token);
    if (!t || !(await consumeToken(tx, t.id))) return { ok: false, error: "token.invalid" };
    const sig = await confirmSignatureInTx(tx, t.signatureId);
    if (!sig) return { ok: false, error: "token.invalid" };
    const proven = await proveFlowInTx(tx, t.signatureId, ctx.flowId ?? null, ctx.locale ?? "en");
    // The browser that proved the address gets its own status link.
    const statusToken = (await issueToken(tx, "manage", t.signatureId)).token;
    return { ok: true, campaignId: sig.campaignId, status: sig.status, flowId: proven.flowId, lettersReleased: proven.lettersReleased, statusToken };
  });
  if (result.ok) invalidateCount(result.campaignId);
  return result;
}

/** Is a confirm link still usable, and for which campaign? (The GET page shows a button only; it never confirms.) */
export async function checkConfirmToken(token: string): Promise<{ campaignId: string; alreadyConfirmed: boolean } | null> {
  const db = await getDb();
  const t = await findValidToken(db, "confirm", token);
  if (!t) return null;
  const [s] = await db.select({ campaignId: signatures.campaignId, status: signatures.status }).from(signatures).where(eq(signatures.id, t.signatureId));
  return s ? { campaignId: s.campaignId, alreadyConfirmed: s.status === "confirmed" } : null;
}

/* ------------------------------------------------------------------ approving a letter from the mailbox */

export interface LetterForApproval {
  campaignId: string;
  representativeName: string;
  mail: OutgoingMail;
}

/** What an approve link shows: the held letter exactly as the office would receive it. */
export async function getLetterForApproval(token: string): Promise<LetterForApproval | null> {
  const db = await getDb();
  const t = await findValidToken(db, "approve", token);
  if (!t?.letterId) return null;
  const [l] = await db.select({ status: letters.status, campaignId: letters.campaignId }).from(letters).where(eq(letters.id, t.letterId));
  if (l?.status !== "held") return null;
  const envelope = await loadLetterEnvelope(t.letterId);
  if (!envelope) return null;
  return { campaignId: l.campaignId, representativeName: envelope.representativeName, mail: buildLetterEmail(envelope) };
}

export type ApproveResult =
  | { ok: true; outcome: "queued" | "waiting" | "alreadySent" | "refused"; campaignId: string; flowId: string | null; statusToken: string | null }
  | { ok: false; error: "token.invalid" };

/**
 * The address's owner, from the email that showed them a held letter in full, sends it or
 * refuses it. Sending confirms a pending signature too (the link proves the address); the
 * browser becomes a proven one, free to write more. Refusing erases the letter.
 */
export async function decideLetterByToken(token: string, decision: "send" | "refuse", ctx: { flowId?: string | null; locale?: string } = {}): Promise<ApproveResult> {
  const result = await jobTransaction(async (tx): Promise<ApproveResult> => {
    const t = await findValidToken(tx, "approve", token);
    if (!t?.letterId || !(await consumeToken(tx, t.id))) return { ok: false, error: "token.invalid" };
    const [l] = await tx.select({ status: letters.status, campaignId: letters.campaignId }).from(letters).where(eq(letters.id, t.letterId)).for("update");
    if (l?.status !== "held") return { ok: false, error: "token.invalid" };
    if (decision === "refuse") {
      await refuseLetterInTx(tx, t.letterId, "refused by the address's owner");
      return { ok: true, outcome: "refused", campaignId: l.campaignId, flowId: null, statusToken: null };
    }
    await confirmSignatureInTx(tx, t.signatureId);
    await approveLetterInTx(tx, t.letterId);
    const proven = await proveFlowInTx(tx, t.signatureId, ctx.flowId ?? null, ctx.locale ?? "en");
    const [after] = await tx.select({ status: letters.status }).from(letters).where(eq(letters.id, t.letterId));
    const outcome = after.status === "queued" ? "queued" : after.status === "cancelled" ? "alreadySent" : "waiting";
    const statusToken = (await issueToken(tx, "manage", t.signatureId)).token;
    return { ok: true, outcome, campaignId: l.campaignId, flowId: proven.flowId, statusToken };
  });
  if (result.ok) invalidateCount(result.campaignId);
  return result;
}

export interface SupporterStatus {
  signatureId: string;
  campaignSlug: string;
  campaignId: string;
  status: SignatureStatus;
  confirmedAt: Date | null;
  residency: Residency;
  consentToContact: boolean;
  unsubscribedAt: Date | null;
  organizationName: string;
  letters: { id: string; status: string; representativeName: string; ridingNameEn: string; ridingNameFr: string; queuedAt: Date | null; sentAt: Date | null }[];
  /** This browser holds a proven flow for this signature: "Write to your MP" is one tap away. */
  mayWriteHere: boolean;
}

/**
 * What the supporter's status page shows, for a valid manage token (a GET link; it changes
 * nothing). The link shows and withdraws; it does not let its holder write in the supporter's
 * name (a forwarded email would spread that): writing needs a proven flow in this browser.
 */
export async function getSupporterStatus(token: string, ctx: { flowId?: string | null } = {}): Promise<SupporterStatus | null> {
  const db = await getDb();
  const t = await findValidToken(db, "manage", token);
  if (!t) return null;
  const status = await loadSupporterStatus(t.signatureId);
  if (!status) return null;
  const flow = ctx.flowId ? await loadFlow(db, ctx.flowId, { campaignId: status.campaignId }) : null;
  return { ...status, mayWriteHere: Boolean(flow?.proven && flow.signatureId === t.signatureId && status.residency === "resident") };
}

/**
 * "Write to your MP" from a status page in a browser without proof: a single-use link (and code)
 * is mailed to the address, to open on this device. Capped like every supporter email.
 */
export async function requestWriteLink(manageToken: string): Promise<boolean> {
  return jobTransaction(async (tx) => {
    const t = await findValidToken(tx, "manage", manageToken);
    if (!t) return false;
    await enqueueInTx(tx, QUEUES.confirmationMail, { signatureId: t.signatureId });
    return true;
  });
}

export async function loadSupporterStatus(signatureId: string): Promise<Omit<SupporterStatus, "mayWriteHere"> | null> {
  const db = await getDb();
  const [s] = await db
    .select({
      signatureId: signatures.id,
      campaignId: campaigns.id,
      campaignSlug: campaigns.slug,
      status: signatures.status,
      confirmedAt: signatures.confirmedAt,
      residency: signatures.residency,
      consentToContact: signatures.consentToContact,
      unsubscribedAt: signatures.unsubscribedAt,
      organizationName: organizations.name,
    })
    .from(signatures)
    .innerJoin(campaigns, eq(campaigns.id, signatures.campaignId))
    .innerJoin(organizations, eq(organizations.id, campaigns.organizationId))
    .where(eq(signatures.id, signatureId));
  if (!s) return null;
  const ls = await db
    .select({
      id: letters.id,
      status: letters.status,
      representativeName: representatives.name,
      ridingNameEn: ridings.nameEn,
      ridingNameFr: ridings.nameFr,
      queuedAt: letters.queuedAt,
      sentAt: letters.sentAt,
    })
    .from(letters)
    .innerJoin(representatives, eq(representatives.id, letters.representativeId))
    .innerJoin(ridings, eq(ridings.fedNum, representatives.ridingFedNum))
    // Drafts belong to the browser writing them; held letters are shown as waiting for approval.
    .where(and(eq(letters.signatureId, signatureId), sql`${letters.status} <> 'draft'`))
    .orderBy(asc(letters.createdAt));
  return { ...s, letters: ls };
}

/**
 * Stops updates from the campaign's organization to this address (every signature of the
 * supporter with that organization). Idempotent; the token stays usable.
 */
export async function unsubscribeByToken(token: string): Promise<{ organizationName: string } | null> {
  const db = await getDb();
  const t = await findValidToken(db, "unsubscribe", token);
  if (!t) return null;
  const [s] = await db
    .select({ supporterId: signatures.supporterId, organizationId: campaigns.organizationId, organizationName: organizations.name })
    .from(signatures)
    .innerJoin(campaigns, eq(campaigns.id, signatures.campaignId))
    .innerJoin(organizations, eq(organizations.id, campaigns.organizationId))
    .where(eq(signatures.id, t.signatureId));
  if (!s) return null;
  await db
    .update(signatures)
    .set({ unsubscribedAt: sql`coalesce(${signatures.unsubscribedAt}, now())`, consentToContact: false })
    .where(
      and(
        eq(signatures.supporterId, s.supporterId),
        inArray(signatures.campaignId, db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.organizationId, s.organizationId))),
      ),
    );
  return { organizationName: s.organizationName };
}
