import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { dataKeys, organizations } from "@/db/schema";
import type { Db } from "@/lib/server/db";
import { log } from "@/lib/server/log";
import { canonicalEmail } from "@/lib/signing/sign";
import { forgetKeys, isSealed, lookupHasher, openRows, organizationScope, retireCurrentKeys, rewrapDataKeys, sealerFor, sealedKeyId, type DataScope } from "./encryption";

/**
 * What `npm run keys` does (decision 0027): re-seal supporters' data under the current keys
 * (after a rotation, or once after upgrading a database written before encryption), rotate an
 * organization's or the platform's data key, and re-wrap every key after a master-key change.
 * Each pass walks a table in batches by id and is safe to interrupt and run again.
 */

interface SealedTable {
  table: string;
  columns: string[];
  /** SQL for the organization owning a row of `t`; null: the platform's scope. */
  organization: string | null;
}

/** Every sealed column, by table. */
export const SEALED_COLUMNS: SealedTable[] = [
  { table: "supporters", columns: ["email"], organization: null },
  { table: "signatures", columns: ["name", "email", "postal_code", "comment"], organization: "(select c.organization_id from campaigns c where c.id = t.campaign_id)" },
  { table: "signing_flows", columns: ["name", "email", "postal_code"], organization: "(select c.organization_id from campaigns c where c.id = t.campaign_id)" },
  {
    table: "letters",
    columns: ["subject", "body", "sender_name", "sender_email", "sender_postal_code"],
    organization: "(select c.organization_id from campaigns c where c.id = t.campaign_id)",
  },
];

const BATCH = 500;

async function rows(db: Db, query: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> {
  return ((await db.execute(query)) as unknown as { rows: Record<string, unknown>[] }).rows;
}

export interface ResealReport {
  /** Values sealed for the first time (written before encryption). */
  sealed: number;
  /** Values moved from a retired key to the current one. */
  resealed: number;
  /** Supporters whose plain look-up key became a keyed hash. */
  hashed: number;
  /** Supporters left alone: a hashed row for the same address already exists (merge by hand). */
  conflicts: number;
}

/**
 * Seals every plain value and re-seals every value whose key is not its scope's current key.
 * Values are opened and sealed here, in this process; nothing leaves it in clear.
 */
export async function resealSupporterData(db: Db): Promise<ResealReport> {
  const report: ResealReport = { sealed: 0, resealed: 0, hashed: 0, conflicts: 0 };
  const currentIds = new Map<string, number>();
  const sealers = new Map<string, (v: string | null | undefined) => string | null>();
  async function sealerOf(scope: DataScope) {
    const name = typeof scope === "string" ? scope : scope.organizationId;
    let s = sealers.get(name);
    if (!s) {
      s = await sealerFor(db, scope);
      sealers.set(name, s);
      currentIds.set(name, sealedKeyId(s("x")) ?? -1);
    }
    return { seal: s, currentId: currentIds.get(name)! };
  }
  for (const { table, columns, organization } of SEALED_COLUMNS) {
    let after = "00000000-0000-0000-0000-000000000000";
    for (;;) {
      const batch = await rows(
        db,
        sql`select t.id::text as id, ${sql.raw(organization ?? "null")}::text as org, ${sql.raw(columns.map((c) => `t.${c}`).join(", "))}
            from ${sql.identifier(table)} t where t.id > ${after}::uuid order by t.id limit ${BATCH}`,
      );
      if (batch.length === 0) break;
      after = String(batch[batch.length - 1].id);
      for (const row of batch) {
        const scope: DataScope = row.org ? organizationScope(String(row.org)) : "platform";
        const { seal, currentId } = await sealerOf(scope);
        const changes: Record<string, string> = {};
        for (const c of columns) {
          const v = row[c];
          if (typeof v !== "string" || v === "" || /@erased\.invalid$/.test(v)) continue;
          if (!isSealed(v)) {
            changes[c] = seal(v) as string;
            report.sealed++;
          } else if (sealedKeyId(v) !== currentId) {
            const [opened] = await openRows(db, [{ v }], ["v"]);
            changes[c] = seal(opened.v) as string;
            report.resealed++;
          }
        }
        const set = Object.entries(changes).map(([c, v]) => sql`${sql.identifier(c)} = ${v}`);
        if (set.length) await db.execute(sql`update ${sql.identifier(table)} set ${sql.join(set, sql`, `)} where id = ${row.id}::uuid`);
      }
    }
  }
  // Look-up keys written in clear before encryption become keyed hashes.
  const hash = await lookupHasher(db);
  const plain = await rows(db, sql`select id::text as id, email_canonical from supporters where email_canonical like '%@%' and email_canonical not like '%@erased.invalid'`);
  for (const p of plain) {
    const hashed = hash(canonicalEmail(String(p.email_canonical)));
    const taken = await rows(db, sql`select 1 from supporters where email_canonical = ${hashed}`);
    if (taken.length) {
      report.conflicts++;
      continue;
    }
    await db.execute(sql`update supporters set email_canonical = ${hashed} where id = ${p.id}::uuid`);
    report.hashed++;
  }
  return report;
}

/** Data keys no value names any more, retired ones only: deleted (the current keys always stay). */
export async function pruneRetiredKeys(db: Db): Promise<number> {
  const retired = await db.select({ id: dataKeys.id }).from(dataKeys).where(isNotNull(dataKeys.retiredAt));
  const unused: number[] = [];
  for (const { id } of retired) {
    const prefix = `enc1.${id}.%`;
    let used = false;
    for (const { table, columns } of SEALED_COLUMNS) {
      const hit = await rows(db, sql`select 1 from ${sql.identifier(table)} t where ${sql.join(columns.map((c) => sql`${sql.identifier(c)} like ${prefix}`), sql` or `)} limit 1`);
      if (hit.length) {
        used = true;
        break;
      }
    }
    if (!used) unused.push(id);
  }
  if (unused.length) await db.delete(dataKeys).where(inArray(dataKeys.id, unused));
  return unused.length;
}

export interface RotationReport extends ResealReport {
  retired: number;
  pruned: number;
}

/**
 * A new data key for each named scope (an organization's slug, or "platform"), every value
 * re-sealed under it, and the old keys deleted once nothing names them. The look-up key is never
 * rotated: the suppression list holds only its hashes.
 */
export async function rotateDataKeys(db: Db, which: { organizationSlugs?: string[]; platform?: boolean; all?: boolean }): Promise<RotationReport> {
  const scopes: string[] = [];
  if (which.platform || which.all) scopes.push("platform");
  if (which.all) {
    for (const o of await db.select({ id: organizations.id }).from(organizations)) scopes.push(o.id);
  } else if (which.organizationSlugs?.length) {
    const found = await db.select({ id: organizations.id, slug: organizations.slug }).from(organizations).where(inArray(organizations.slug, which.organizationSlugs));
    const missing = which.organizationSlugs.filter((s) => !found.some((f) => f.slug === s));
    if (missing.length) throw new Error(`no organization with slug ${missing.join(", ")}`);
    scopes.push(...found.map((f) => f.id));
  }
  const retired = await retireCurrentKeys(db, scopes);
  const report = await resealSupporterData(db);
  const pruned = await pruneRetiredKeys(db);
  forgetKeys();
  log.info("keys.rotated", { scopes: scopes.length, retired, resealed: report.resealed, pruned });
  return { ...report, retired, pruned };
}

/** After DATA_ENCRYPTION_KEY changed (the old one in DATA_ENCRYPTION_KEY_PREVIOUS): every key re-wrapped. */
export async function rewrapAfterMasterChange(db: Db): Promise<number> {
  const n = await rewrapDataKeys(db);
  forgetKeys();
  return n;
}

/** For `npm run keys -- status`: each scope's keys, and the master keys that wrap them. */
export async function describeKeys(db: Db): Promise<{ scope: string; current: boolean; masterKeyId: string; createdAt: Date }[]> {
  const list = await db
    .select({ scope: dataKeys.scope, slug: organizations.slug, retiredAt: dataKeys.retiredAt, masterKeyId: dataKeys.masterKeyId, createdAt: dataKeys.createdAt })
    .from(dataKeys)
    .leftJoin(organizations, and(eq(organizations.id, dataKeys.organizationId)))
    .orderBy(dataKeys.id);
  return list.map((k) => ({ scope: k.slug ?? k.scope, current: k.retiredAt === null, masterKeyId: k.masterKeyId, createdAt: k.createdAt }));
}
