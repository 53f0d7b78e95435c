import { eq, sql } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { z } from "zod";
import { campaigns, RESIDENCIES, type Residency } from "@/db/schema";
import { lookupHasher, organizationScope, sealerFor } from "@/lib/privacy/encryption";
import { SIGNING_LIMITS_PER_IP } from "@/lib/server/rate-limit";
import { SIGNABLE_CAMPAIGN_STATUSES } from "@/lib/campaigns/public";
import { getDb, type Tx } from "@/lib/server/db";
import { FLOW_TTL_SECONDS } from "./flow-token";
import { loadFlow } from "./flow-store";
import { normalizePostalCode } from "@/lib/directory/postal";
import { sourceFieldSchema } from "@/lib/campaigns/sources";
import { enqueueInTx, jobTransaction, QUEUES } from "@/lib/jobs/queue";

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
    /** The `?src=` tag of the link the supporter came from; a malformed one is dropped, not refused. */
    source: sourceFieldSchema,
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

/** The sign form's fields, read by every form that signs (the sign page, the embeddable form). */
export const SIGN_FORM_FIELDS = ["name", "email", "postalCode", "residency", "comment", "consent", "website", "source"] as const;

/** The sign form's strings as the schema takes them: a ticked box is true, no residency chosen is none. */
export function signFormInput(values: Record<string, string>): Record<string, unknown> {
  return { ...values, consent: values.consent === "on", residency: values.residency || undefined };
}

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
  for (let attempt = 0, fresh = false; ; attempt++) {
    // Everything typed is sealed under the organization's key (decision 0027), made ready before
    // the transaction; the statement checks the campaign is still that organization's.
    const sealing = await sealingFor(ctx.campaignSlug, fresh);
    if (!sealing) return { ok: false, error: "campaign.notFound" };
    try {
      const result = await jobTransaction(async (tx) => {
        const row = await recordSignature(tx, sealing, input, ctx);
        if (!row) return null;
        if (!row.open || !row.flowId) return { ok: false, error: "campaign.closed" } as const;
        await enqueueInTx(tx, QUEUES.confirmationMail, { flowId: row.flowId });
        return { ok: true, flowId: row.flowId, campaignId: row.campaignId, residency: input.residency } as const;
      });
      if (result) return result;
      // A slug the cache placed in another organization (a draft's slug since reused), or a
      // suspended organization: look once more, from the database.
      if (fresh) return { ok: false, error: "campaign.notFound" };
      fresh = true;
    } catch (err) {
      // Two first signatures with one address at the same instant: the loser's statement cannot
      // see the winner's row yet, so its flow has no signature. Once more, and it does.
      if (attempt === 0 && isNotNullViolation(err)) continue;
      throw err;
    }
  }
}

interface Sealing {
  organizationId: string;
  seal: (v: string | null | undefined) => string | null;
  sealAddress: (v: string) => string | null;
  lookup: (canonical: string) => string;
}

/** Which organization a campaign slug belongs to, cached: every signature is sealed under its key. */
const organizationBySlug = new LRUCache<string, string>({ max: 5_000, ttl: 10 * 60_000 });

async function sealingFor(slug: string, fresh: boolean): Promise<Sealing | null> {
  const db = await getDb();
  let organizationId = fresh ? undefined : organizationBySlug.get(slug);
  if (!organizationId) {
    const [c] = await db.select({ organizationId: campaigns.organizationId }).from(campaigns).where(eq(campaigns.slug, slug));
    if (!c) return null;
    organizationId = c.organizationId;
    organizationBySlug.set(slug, organizationId);
  }
  const [seal, sealAddress, lookup] = await Promise.all([sealerFor(db, organizationScope(organizationId)), sealerFor(db, "platform"), lookupHasher(db)]);
  return { organizationId, seal, sealAddress, lookup };
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
async function recordSignature(tx: Tx, sealing: Sealing, input: ParsedSignInput, ctx: SignContext): Promise<RecordedSignature | null> {
  const canonical = canonicalEmail(input.email);
  const domain = canonical.split("@")[1] ?? "";
  const ip = ctx.ip;
  const honeypot = input.website.trim() !== "";
  const organizationId = sealing.organizationId;
  const sealed = {
    name: sealing.seal(input.name),
    email: sealing.seal(input.email),
    postalCode: sealing.seal(input.postalCode),
    comment: sealing.seal(input.comment || null),
  };
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
      where slug = ${ctx.campaignSlug} and organization_id = ${organizationId}
        and not exists (select 1 from organizations o where o.id = campaigns.organization_id and o.suspended_at is not null)
    ),
    sup as (
      insert into supporters (email, email_canonical, locale)
      select ${sealing.sealAddress(input.email)}::text, ${sealing.lookup(canonical)}::text, ${ctx.locale}::text from cam where cam.open
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
      insert into signatures (campaign_id, supporter_id, status, flag_reason, name, email, email_domain, residency, postal_code,
        province_code, comment, locale, consent_to_contact, consent_wording_version, consent_at, ip,
        confirmation_emails_sent, source)
      select cam.id, sup.id, case when reason.flag_reason is null then 'pending' else 'flagged' end,
        reason.flag_reason, ${sealed.name}::text, ${sealed.email}::text, ${domain}::text, ${input.residency}::text, ${sealed.postalCode}::text,
        ${input.provinceCode}::text, ${sealed.comment}::text, ${ctx.locale}::text, ${input.consent}::boolean,
        case when ${input.consent}::boolean then ${CONSENT_WORDING_VERSION}::text end,
        case when ${input.consent}::boolean then now() end, ${ip}::text, 0, ${input.source}::text
      from cam, sup, reason
      on conflict (campaign_id, supporter_id) do nothing
      returning id
    ),
    -- This browser's flow: what it typed, and the signature it acts on (new, or the one the
    -- address already had, found in the statement's snapshot).
    flow as (
      insert into signing_flows (campaign_id, signature_id, created_signature, flag_reason, name, email, residency,
        postal_code, province_code, locale, source, expires_at)
      select cam.id,
        coalesce((select id from ins), (select s.id from signatures s, sup where s.campaign_id = cam.id and s.supporter_id = sup.id)),
        exists (select 1 from ins), reason.flag_reason, ${sealed.name}::text, ${sealed.email}::text, ${input.residency}::text,
        ${sealed.postalCode}::text, ${input.provinceCode}::text, ${ctx.locale}::text, ${input.source}::text, now() + make_interval(secs => ${FLOW_TTL_SECONDS})
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

