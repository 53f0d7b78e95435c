import { and, eq, inArray, sql } from "drizzle-orm";
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
import { releaseHeldLetters } from "./letters";
import { normalizePostalCode } from "./postal";
import { enqueueInTx, jobTransaction, QUEUES } from "./queue";
import { consumeToken, findValidToken, issueToken, matchConfirmCode } from "./tokens";

/** Versioned so the consent a supporter gave can be shown word for word later (CASL). */
export const CONSENT_WORDING_VERSION = "2026-11-consent-v1";
/** e-petitions' rule: at most five emails ever per signature. */
export const MAX_CONFIRMATION_EMAILS = 5;

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
  | { ok: true; signatureId: string; campaignId: string; fresh: boolean; residency: Residency }
  | { ok: false; error: "campaign.closed" | "campaign.notFound" };

/**
 * Records a signature and its confirmation email in one transaction. Signing again with the same
 * address (any case, dots or +tag) creates nothing: the caller shows the same page either way, and
 * the address's owner gets an email (capped) instead of the signer learning anything.
 */
export async function createSignature(input: ParsedSignInput, ctx: SignContext): Promise<SignResult> {
  return jobTransaction(async (tx) => {
    const row = await recordSignature(tx, input, ctx);
    if (!row) return { ok: false, error: "campaign.notFound" } as const;
    if (!row.open) return { ok: false, error: "campaign.closed" } as const;
    if (row.signatureId) {
      // Bots (the honeypot) get no email; a person caught by a limit still confirms (moderators
      // may approve them).
      if (row.flagReason !== "honeypot") await enqueueInTx(tx, QUEUES.confirmationMail, { signatureId: row.signatureId });
      if (Math.random() < 0.01) await pruneRateLimitHits(tx);
      return { ok: true, signatureId: row.signatureId, campaignId: row.campaignId, fresh: true, residency: input.residency } as const;
    }
    // Signed before with this address: nothing new is created; the address's owner gets the
    // confirmation email again (capped), and the signer sees the same page as anyone.
    const [existing] = await tx
      .select({ id: signatures.id, residency: signatures.residency })
      .from(signatures)
      .where(and(eq(signatures.campaignId, row.campaignId), eq(signatures.supporterId, row.supporterId!)));
    await queueConfirmationEmail(tx, existing.id);
    return { ok: true, signatureId: existing.id, campaignId: row.campaignId, fresh: false, residency: existing.residency } as const;
  });
}

interface RecordedSignature {
  campaignId: string;
  open: boolean;
  supporterId: string | null;
  /** Null when this supporter had already signed the campaign. */
  signatureId: string | null;
  flagReason: string | null;
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
        case when ${input.consent}::boolean then now() end, ${ip}::text,
        case when reason.flag_reason = 'honeypot' then 0 else 1 end
      from cam, sup, reason
      on conflict (campaign_id, supporter_id) do nothing
      returning id, flag_reason
    )
    select cam.id as campaign_id, cam.open, (select id from sup) as supporter_id,
      (select id from ins) as signature_id, (select flag_reason from ins) as flag_reason
    from cam
  `)) as unknown as { rows: Record<string, unknown>[] };
  const r = result.rows[0];
  if (!r) return null;
  return {
    campaignId: String(r.campaign_id),
    open: r.open === true,
    supporterId: r.supporter_id == null ? null : String(r.supporter_id),
    signatureId: r.signature_id == null ? null : String(r.signature_id),
    flagReason: r.flag_reason == null ? null : String(r.flag_reason),
  };
}

/** Sends (again) the confirmation email if the per-signature cap allows; silent otherwise. */
async function queueConfirmationEmail(tx: Tx, signatureId: string): Promise<boolean> {
  const bumped = await tx
    .update(signatures)
    .set({ confirmationEmailsSent: sql`${signatures.confirmationEmailsSent} + 1` })
    .where(
      and(
        eq(signatures.id, signatureId),
        inArray(signatures.status, ["pending", "confirmed", "flagged"]),
        sql`${signatures.flagReason} is distinct from 'honeypot'`,
        sql`${signatures.confirmationEmailsSent} < ${MAX_CONFIRMATION_EMAILS}`,
      ),
    )
    .returning({ id: signatures.id });
  if (bumped.length === 0) return false;
  await enqueueInTx(tx, QUEUES.confirmationMail, { signatureId });
  return true;
}

export async function resendConfirmation(signatureId: string): Promise<void> {
  await jobTransaction((tx) => queueConfirmationEmail(tx, signatureId));
}

export type ConfirmResult =
  | { ok: true; signatureId: string; campaignId: string; status: SignatureStatus; lettersReleased: number }
  | { ok: false; error: "token.invalid" | "code.invalid" };

/**
 * Using a confirm token (the emailed link's button, or the typed code) proves the supporter holds
 * the address: a pending signature becomes confirmed and letters held for it are queued, in one
 * transaction with their send jobs. A flagged signature records the confirmation but stays flagged.
 */
async function confirmWithToken(tx: Tx, tokenId: string, signatureId: string): Promise<ConfirmResult> {
  if (!(await consumeToken(tx, tokenId))) return { ok: false, error: "token.invalid" };
  const [sig] = await tx
    .update(signatures)
    .set({
      status: sql`case when ${signatures.status} = 'pending' then 'confirmed' else ${signatures.status} end`,
      confirmedAt: sql`coalesce(${signatures.confirmedAt}, now())`,
    })
    .where(eq(signatures.id, signatureId))
    .returning({ id: signatures.id, campaignId: signatures.campaignId, status: signatures.status });
  const lettersReleased = sig.status === "confirmed" ? await releaseHeldLetters(tx, sig.id) : 0;
  return { ok: true, signatureId: sig.id, campaignId: sig.campaignId, status: sig.status, lettersReleased };
}

export async function confirmSignatureByToken(token: string): Promise<ConfirmResult> {
  const result = await jobTransaction(async (tx) => {
    const t = await findValidToken(tx, "confirm", token);
    if (!t) return { ok: false, error: "token.invalid" } as const;
    return confirmWithToken(tx, t.id, t.signatureId);
  });
  if (result.ok) invalidateCount(result.campaignId);
  return result;
}

export async function confirmSignatureByCode(signatureId: string, code: string): Promise<ConfirmResult> {
  if (!/^\d{6}$/.test(code)) return { ok: false, error: "code.invalid" };
  const result = await jobTransaction(async (tx) => {
    const t = await matchConfirmCode(tx, signatureId, code);
    if (!t) return { ok: false, error: "code.invalid" } as const;
    return confirmWithToken(tx, t.id, t.signatureId);
  });
  if (result.ok) invalidateCount(result.campaignId);
  return result;
}

/** Is a confirm link still usable? (The GET page shows a button only; it never confirms.) */
export async function checkConfirmToken(token: string): Promise<{ signatureId: string; campaignId: string } | null> {
  const db = await getDb();
  const t = await findValidToken(db, "confirm", token);
  if (!t) return null;
  const [s] = await db.select({ campaignId: signatures.campaignId }).from(signatures).where(eq(signatures.id, t.signatureId));
  return s ? { signatureId: t.signatureId, campaignId: s.campaignId } : null;
}

export interface FlowSignature {
  id: string;
  campaignId: string;
  status: SignatureStatus;
  name: string;
  residency: Residency;
  postalCode: string | null;
  provinceCode: string | null;
  ridingFedNum: string | null;
  locale: string;
}

/** The signature named by the supporter's flow cookie, if it belongs to this campaign. */
export async function getFlowSignature(signatureId: string, campaignId: string): Promise<FlowSignature | null> {
  const db = await getDb();
  const [s] = await db
    .select({
      id: signatures.id,
      campaignId: signatures.campaignId,
      status: signatures.status,
      name: signatures.name,
      residency: signatures.residency,
      postalCode: signatures.postalCode,
      provinceCode: signatures.provinceCode,
      ridingFedNum: signatures.ridingFedNum,
      locale: signatures.locale,
    })
    .from(signatures)
    .where(and(eq(signatures.id, signatureId), eq(signatures.campaignId, campaignId)));
  return s ?? null;
}

/**
 * Records the riding the supporter chose. The browser that created the signature may change it;
 * a re-signing browser may only set it while it is unset (so it can't move someone's riding).
 */
export async function chooseRiding(signatureId: string, fedNum: string, fresh: boolean): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .update(signatures)
    .set({ ridingFedNum: fedNum })
    .where(
      and(
        eq(signatures.id, signatureId),
        fresh ? undefined : sql`${signatures.ridingFedNum} is null`,
      ),
    )
    .returning({ id: signatures.id });
  return rows.length === 1;
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
}

/** What the supporter's status page shows, for a valid manage token (a GET link; it changes nothing). */
export async function getSupporterStatus(token: string): Promise<SupporterStatus | null> {
  const db = await getDb();
  const t = await findValidToken(db, "manage", token);
  if (!t) return null;
  return loadSupporterStatus(t.signatureId);
}

export async function loadSupporterStatus(signatureId: string): Promise<SupporterStatus | null> {
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
    .where(eq(letters.signatureId, signatureId));
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

/** A manage link for the browser that has just proved it holds the address (after confirming). */
export async function issueManageLink(signatureId: string): Promise<string> {
  const db = await getDb();
  return (await issueToken(db, "manage", signatureId)).token;
}
