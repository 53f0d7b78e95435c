import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { LRUCache } from "lru-cache";
import { campaigns, dataKeys } from "@/db/schema";
import type { Db, Tx } from "@/lib/server/db";
import { dataEncryptionKeys } from "@/lib/server/env";
import { log } from "@/lib/server/log";

/**
 * Encryption at rest of supporters' personal data (decision 0027).
 *
 * Values are sealed with AES-256-GCM under a data key: one per organization for what its
 * supporters typed (names, addresses, postal codes, comments, letters), one for the platform
 * (supporters' addresses, one row shared by every organization), one keyed hash key for look-ups.
 * Data keys are random and live in `data_keys` only wrapped by the master key, which comes from
 * the environment (`DATA_ENCRYPTION_KEY`), so a copy of the database alone opens nothing, and
 * deleting an organization's keys makes everything they sealed unreadable.
 *
 * A sealed value reads `enc1.<data key id>.<base64url(iv ‖ ciphertext ‖ tag)>`: it names its key,
 * so it can be copied between rows and opened without knowing whose it is. Empty strings and
 * nulls are stored as they are (an erased name is ""). A value without the prefix is read as it
 * is: rows written before encryption, until `npm run keys -- seal` seals them.
 */

export type DataScope = "platform" | { organizationId: string };

const PREFIX = "enc1.";
const SEALED = /^enc1\.(\d+)\.([A-Za-z0-9_-]+)$/;

interface MasterKey {
  id: string;
  kek: Buffer;
}

function masterKey(raw: string): MasterKey {
  const bytes = Buffer.from(raw, /^[0-9a-f]{64}$/i.test(raw) ? "hex" : "base64url");
  return {
    id: createHash("sha256").update("constituent-master-key-id").update(bytes).digest("hex").slice(0, 16),
    kek: Buffer.from(hkdfSync("sha256", bytes, "constituent-kek", "data-key-wrap-v1", 32)),
  };
}

/** The current master key, and the previous one while a master rotation is under way. */
function masterKeys(): { current: MasterKey; previous: MasterKey | null } {
  const { current, previous } = dataEncryptionKeys();
  return { current: masterKey(current), previous: previous ? masterKey(previous) : null };
}

function scopeName(scope: DataScope | "lookup"): string {
  return typeof scope === "string" ? scope : scope.organizationId;
}

function aesSeal(key: Buffer, plain: Buffer, aad?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  if (aad) cipher.setAAD(Buffer.from(aad, "utf8"));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
}

function aesOpen(key: Buffer, sealed: string, aad?: string): Buffer {
  const raw = Buffer.from(sealed, "base64url");
  if (raw.length < 28) throw new Error("sealed value too short");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  if (aad) decipher.setAAD(Buffer.from(aad, "utf8"));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
}

/** A data key wrapped by the master key; the scope is bound in, so a key cannot be moved to another scope. */
function wrapDataKey(key: Buffer, scope: string, master = masterKeys().current): { wrapped: string; masterKeyId: string } {
  return { wrapped: aesSeal(master.kek, key, `data-key:${scope}`), masterKeyId: master.id };
}

function unwrapDataKey(row: { wrapped: string; masterKeyId: string; scope: string }): Buffer {
  const { current, previous } = masterKeys();
  const master = row.masterKeyId === current.id ? current : row.masterKeyId === previous?.id ? previous : null;
  if (!master) throw new Error(`data key sealed by an unknown master key ${row.masterKeyId} (set DATA_ENCRYPTION_KEY_PREVIOUS during a rotation)`);
  return aesOpen(master.kek, row.wrapped, `data-key:${row.scope}`);
}

/* ------------------------------------------------------------------ the key ring */

// Unwrapped keys, per process. A key's id names it for life; the current key of a scope is looked
// up again after a minute, so a rotation made by another process is picked up.
const byId = new LRUCache<number, Buffer>({ max: 10_000 });
const currentByScope = new LRUCache<string, { id: number; key: Buffer }>({ max: 10_000, ttl: 60_000 });

/** For tests and the keys command: forget every unwrapped key. */
export function forgetKeys(): void {
  byId.clear();
  currentByScope.clear();
}

type Q = Db | Tx;

async function execRows(q: Q, query: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> {
  const r = (await q.execute(query)) as unknown as { rows: Record<string, unknown>[] };
  return r.rows;
}

/**
 * The scope's current key. A missing key is made (and wrapped) here only outside a transaction:
 * a key made inside one could be rolled back after this process had sealed values with it. Keys
 * are made at boot for every organization and with each new one (`ensureDataKeys`), so inside a
 * transaction the key is normally there; if not, the caller made no key first, a programming error.
 */
async function currentKey(q: Q, scope: DataScope | "lookup"): Promise<{ id: number; key: Buffer }> {
  const name = scopeName(scope);
  const cached = currentByScope.get(name);
  if (cached) return cached;
  const load = () => q.select().from(dataKeys).where(and(eq(dataKeys.scope, name), isNull(dataKeys.retiredAt)));
  let [row] = await load();
  if (!row) {
    if (q instanceof PgTransaction) throw new Error(`no data key for scope ${name} yet: make it before the transaction (sealerFor on the database)`);
    await insertKey(q, scope);
    [row] = await load();
    if (!row) throw new Error(`no data key for scope ${name}`);
  }
  const entry = { id: row.id, key: unwrapDataKey(row) };
  byId.set(row.id, entry.key);
  currentByScope.set(name, entry);
  return entry;
}

/** Makes the scope's current key unless it has one (two processes at once: one insert wins). */
async function insertKey(q: Q, scope: DataScope | "lookup"): Promise<void> {
  const name = scopeName(scope);
  const { wrapped, masterKeyId } = wrapDataKey(randomBytes(32), name);
  const organizationId = typeof scope === "string" ? null : scope.organizationId;
  await execRows(
    q,
    sql`insert into data_keys (scope, organization_id, wrapped, master_key_id)
        values (${name}, ${organizationId}, ${wrapped}, ${masterKeyId})
        on conflict (scope) where retired_at is null do nothing`,
  );
}

/** A new organization's key, in the transaction that creates it (it commits or vanishes with it). */
export async function createOrganizationKey(tx: Q, organizationId: string): Promise<void> {
  await insertKey(tx, organizationScope(organizationId));
}

/**
 * At boot, after migrating: the platform's keys and a key for every organization without one,
 * so that no transaction ever has to make one. Returns how many were made.
 */
export async function ensureDataKeys(db: Db): Promise<number> {
  let made = 0;
  for (const scope of ["platform", "lookup"] as const) {
    const [row] = await db.select({ id: dataKeys.id }).from(dataKeys).where(and(eq(dataKeys.scope, scope), isNull(dataKeys.retiredAt)));
    if (!row) {
      await insertKey(db, scope);
      made++;
    }
  }
  const orphans = await execRows(
    db,
    sql`select o.id from organizations o where not exists (select 1 from data_keys k where k.scope = o.id::text and k.retired_at is null)`,
  );
  for (const o of orphans) {
    await insertKey(db, organizationScope(String(o.id)));
    made++;
  }
  return made;
}

async function loadKeys(q: Q, ids: number[]): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => !byId.has(id));
  if (missing.length === 0) return;
  const rows = await q.select().from(dataKeys).where(inArray(dataKeys.id, missing));
  for (const row of rows) byId.set(row.id, unwrapDataKey(row));
}

/* ------------------------------------------------------------------ sealing and opening values */

/** A function sealing values under the scope's current key (load once, seal many without awaiting). */
export async function sealerFor(q: Q, scope: DataScope): Promise<(value: string | null | undefined) => string | null> {
  const { id, key } = await currentKey(q, scope);
  return (value) => {
    if (value == null) return null;
    if (value === "") return "";
    return `${PREFIX}${id}.${aesSeal(key, Buffer.from(value, "utf8"))}`;
  };
}

/** The scope of an organization's supporters' data. */
export function organizationScope(organizationId: string): DataScope {
  return { organizationId };
}

// A campaign never changes organization.
const organizationByCampaign = new LRUCache<string, string>({ max: 10_000 });

/** A sealer for the data of one campaign's supporters (its organization's key). Call outside transactions. */
export async function sealerForCampaign(q: Q, campaignId: string): Promise<(value: string | null | undefined) => string | null> {
  let organizationId = organizationByCampaign.get(campaignId);
  if (!organizationId) {
    const [c] = await q.select({ organizationId: campaigns.organizationId }).from(campaigns).where(eq(campaigns.id, campaignId));
    if (!c) throw new Error("no such campaign");
    organizationId = c.organizationId;
    organizationByCampaign.set(campaignId, organizationId);
  }
  return sealerFor(q, organizationScope(organizationId));
}

export function isSealed(value: string | null | undefined): boolean {
  return typeof value === "string" && SEALED.test(value);
}

function keyIdOf(value: unknown): number | null {
  if (typeof value !== "string" || !value.startsWith(PREFIX)) return null;
  const m = SEALED.exec(value);
  return m ? Number(m[1]) : null;
}

/** Opens one value whose key is already loaded. A value sealed by a destroyed key reads as "". */
function openLoaded(value: string): string {
  const m = SEALED.exec(value);
  if (!m) return value;
  const key = byId.get(Number(m[1]));
  if (!key) {
    log.warn("crypto.key_missing", { keyId: Number(m[1]) });
    return "";
  }
  try {
    return aesOpen(key, m[2]).toString("utf8");
  } catch {
    log.warn("crypto.open_failed", { keyId: Number(m[1]) });
    return "";
  }
}

/**
 * Opens the named fields of each row in place (one query for any keys not yet held) and returns
 * the rows. Fields that are null, empty or not sealed are left as they are.
 */
export async function openRows<T extends object, K extends keyof T>(q: Q, rows: T[], fields: readonly K[]): Promise<T[]> {
  const ids: number[] = [];
  for (const row of rows) for (const f of fields) {
    const id = keyIdOf(row[f]);
    if (id !== null) ids.push(id);
  }
  await loadKeys(q, ids);
  for (const row of rows) for (const f of fields) {
    const v = row[f];
    if (typeof v === "string" && v.startsWith(PREFIX)) (row as Record<K, unknown>)[f] = openLoaded(v);
  }
  return rows;
}

/** `openRows` for one row (or none). */
export async function openRow<T extends object, K extends keyof T>(q: Q, row: T | undefined | null, fields: readonly K[]): Promise<T | null> {
  if (!row) return null;
  await openRows(q, [row], fields);
  return row;
}

/** One value. */
export async function openValue(q: Q, value: string | null | undefined): Promise<string | null> {
  if (value == null) return null;
  const holder = { value };
  await openRows(q, [holder], ["value"]);
  return holder.value;
}

/* ------------------------------------------------------------------ look-up hashes */

/**
 * HMAC-SHA256 (hex) under the platform's look-up key: a random key wrapped like the others, so a
 * database copy cannot be tested against a list of guessed addresses, and rotating AUTH_SECRET or
 * the master key leaves every look-up (and the suppression list) working.
 */
export async function lookupHasher(q: Q): Promise<(value: string) => string> {
  const { key } = await currentKey(q, "lookup");
  return (value) => createHmac("sha256", key).update(value, "utf8").digest("hex");
}

/* ------------------------------------------------------------------ rotation (npm run keys) */

/** Re-wraps every data key under the current master key; returns how many were re-wrapped. */
export async function rewrapDataKeys(q: Q): Promise<number> {
  const { current } = masterKeys();
  const rows = await q.select().from(dataKeys);
  let n = 0;
  for (const row of rows) {
    if (row.masterKeyId === current.id) continue;
    const key = unwrapDataKey(row);
    const { wrapped, masterKeyId } = wrapDataKey(key, row.scope, current);
    await q.update(dataKeys).set({ wrapped, masterKeyId }).where(eq(dataKeys.id, row.id));
    n++;
  }
  return n;
}

/** Retires the current key of each named scope (the next seal makes a new one). */
export async function retireCurrentKeys(q: Q, scopes: string[]): Promise<number> {
  if (scopes.length === 0) return 0;
  const rows = await q
    .update(dataKeys)
    .set({ retiredAt: sql`now()` })
    .where(and(inArray(dataKeys.scope, scopes), isNull(dataKeys.retiredAt)))
    .returning({ id: dataKeys.id });
  forgetKeys();
  return rows.length;
}

export { keyIdOf as sealedKeyId };
