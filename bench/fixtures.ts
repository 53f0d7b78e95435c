/**
 * Bulk data for benchmarks and fault tests, written with set-based SQL (generate_series) so a
 * million rows take seconds, not an hour of single inserts. Plain SQL that PostgreSQL and PGlite
 * both run.
 */
import { eq, sql } from "drizzle-orm";
import { campaigns, letters } from "@/db/schema";
import type { Db } from "@/lib/server/db";
import { enqueueInTx, jobTransaction, QUEUES } from "@/lib/jobs/queue";
import { sealerFor, sealerForCampaign } from "@/lib/privacy/encryption";

/**
 * Values sealed as the app seals them (decision 0027), VARIANTS of each, cycled over the rows: every
 * row carries a real ciphertext, so reading it costs what reading a real one costs. Passed as one
 * JSON array (`->> i` picks one), which PostgreSQL and PGlite both take as a parameter.
 */
const VARIANTS = 1000;
async function sealedVariants(db: Db, campaignId: string, make: { name: (i: number) => string; email: (i: number) => string }) {
  const [seal, sealAddress] = await Promise.all([sealerForCampaign(db, campaignId), sealerFor(db, "platform")]);
  const names = JSON.stringify(Array.from({ length: VARIANTS }, (_, i) => seal(make.name(i))));
  const emails = JSON.stringify(Array.from({ length: VARIANTS }, (_, i) => sealAddress(make.email(i))));
  return { names, emails, seal };
}

export async function campaignIdBySlug(db: Db, slug: string): Promise<string> {
  const [c] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.slug, slug));
  if (!c) throw new Error(`no campaign ${slug}`);
  return c.id;
}

/**
 * `n` confirmed signatures of distinct supporters spread over the ridings that have an MP, with
 * signing times spread over the last 30 days. `tag` keeps emails unique between calls.
 */
export async function bulkSignatures(db: Db, campaignId: string, n: number, tag: string): Promise<void> {
  const sealed = await sealedVariants(db, campaignId, { name: (i) => `Bench Signer ${i}`, email: (i) => `${tag}.${i}@example.org` });
  const chunk = 250_000;
  for (let start = 1; start <= n; start += chunk) {
    const end = Math.min(n, start + chunk - 1);
    await db.execute(sql`
      insert into supporters (email, email_canonical, locale)
      select ${sealed.emails}::jsonb ->> (g % ${VARIANTS}), ${tag} || '.' || g || '@example.org', 'en'
      from generate_series(${start}::int, ${end}::int) g`);
    await db.execute(sql`
      with r as (
        select fed_num, province_code, (row_number() over (order by fed_num)) - 1 as i, count(*) over () as c
        from ridings
      )
      insert into signatures (campaign_id, supporter_id, status, name, residency, postal_code, province_code, riding_fed_num, locale, created_at, confirmed_at)
      select ${campaignId}::uuid, s.id, 'confirmed', ${sealed.names}::jsonb ->> (g % ${VARIANTS}), 'resident', null, r.province_code, r.fed_num, 'en',
             now() - ((g % 43200) * interval '1 minute'), now()
      from generate_series(${start}::int, ${end}::int) g
      join supporters s on s.email_canonical = ${tag} || '.' || g || '@example.org'
      join r on r.i = g % r.c`);
  }
}

/**
 * `n` letters queued for delivery, each from a distinct confirmed signature, round-robin over the
 * current MPs with an email address whose office takes letters one by one and has not bounced (or the first `offices` of them), each with its pg-boss job (as submitLetter would leave them).
 * Returns the letters' Message-IDs.
 */
export async function bulkQueuedLetters(db: Db, campaignId: string, n: number, tag: string, opts: { offices?: number } = {}): Promise<string[]> {
  const offices = opts.offices ?? 100_000;
  const sealed = await sealedVariants(db, campaignId, { name: (i) => `Letter Writer ${i}`, email: (i) => `${tag}.${i}@example.org` });
  await db.execute(sql`
    insert into supporters (email, email_canonical, locale)
    select ${sealed.emails}::jsonb ->> (g % ${VARIANTS}), ${tag} || '.' || g || '@example.org', 'en' from generate_series(1, ${n}::int) g`);
  await db.execute(sql`
    with chosen as (
      -- Only offices that take each letter as it comes: the demo marks one address as bounced and
      -- two offices as wanting digests, and their letters rightly wait (for a corrected address,
      -- for the digest) instead of reaching the sink during the measurement.
      select id, riding_fed_num from representatives
      where current and email is not null
        and not exists (select 1 from offices o where o.email = representatives.email and (o.bounced_at is not null or o.delivery <> 'each'))
      order by id limit ${offices}
    ), r as (
      select riding_fed_num, (row_number() over (order by id)) - 1 as i, count(*) over () as c from chosen
    )
    insert into signatures (campaign_id, supporter_id, status, name, residency, riding_fed_num, locale, confirmed_at)
    select ${campaignId}::uuid, s.id, 'confirmed', ${sealed.names}::jsonb ->> (g % ${VARIANTS}), 'resident', r.riding_fed_num, 'en', now()
    from generate_series(1, ${n}::int) g
    join supporters s on s.email_canonical = ${tag} || '.' || g || '@example.org'
    join r on r.i = g % r.c`);
  const rows = (await db.execute(sql`
    insert into letters (campaign_id, signature_id, representative_id, status, subject, body, message_id, queued_at,
      sender_name, sender_email, sender_riding_fed_num, approved_at)
    select ${campaignId}::uuid, sig.id, rep.id, 'queued', ${sealed.seal("Stop the export of drone sensors")},
           ${sealed.seal(`Dear Member of Parliament,\n\nPlease act on arms-export oversight. ${"This matters to me. ".repeat(40)}`)},
           '<letter-' || gen_random_uuid() || '@bench.constituent.localhost>', now(),
           sig.name, s.email, sig.riding_fed_num, now()
    from signatures sig
    join supporters s on s.id = sig.supporter_id and s.email_canonical like ${tag} || '.%'
    join representatives rep on rep.riding_fed_num = sig.riding_fed_num and rep.current
    where sig.campaign_id = ${campaignId}::uuid
    returning id, message_id`)) as unknown as { rows: { id: string; message_id: string }[] };
  const created = rows.rows;
  for (let i = 0; i < created.length; i += 500) {
    await jobTransaction(async (tx) => {
      for (const l of created.slice(i, i + 500)) await enqueueInTx(tx, QUEUES.letter, { letterId: l.id });
    });
  }
  return created.map((l) => l.message_id);
}

export async function letterStatusCounts(db: Db, campaignId: string): Promise<Record<string, number>> {
  const rows = await db
    .select({ status: letters.status, n: sql<number>`count(*)::int` })
    .from(letters)
    .where(eq(letters.campaignId, campaignId))
    .groupBy(letters.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
