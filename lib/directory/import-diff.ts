import { createHash } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { representatives, ridings } from "@/db/schema";
import { foldAccents } from "@/lib/fold";
import { getDb, type Db, type Tx } from "@/lib/server/db";
import { IMPORT_FIELDS, type ImportField, type ParsedImport } from "./import-parse";

/* What an import would change in the directory as it is now, and the hash an owner approves. */

type RepValues = Record<ImportField, string | boolean | null>;

export interface DiffRiding {
  fedNum: string;
  ridingNameEn: string;
  ridingNameFr: string;
  provinceCode: string;
}

export interface ImportDiff {
  asOf: string;
  /** A new member in a riding: vacant before, or another person (who becomes history). */
  added: (DiffRiding & { values: RepValues; replaces: { id: string; name: string } | null })[];
  /** The same person, with some fields corrected. */
  changed: (DiffRiding & { representativeId: string; name: string; changes: { field: ImportField; from: string | boolean | null; to: string | boolean | null }[] })[];
  vacated: (DiffRiding & { representativeId: string; name: string })[];
  unchanged: number;
  /** What the owner previews and must send back to apply: the diff, not the file, is what is approved. */
  hash: string;
}

function personKey(name: string): string[] {
  return foldAccents(name)
    .replace(/[^a-z]+/g, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
}

/**
 * Whether a row describes the MP already in the riding (a correction) rather than a new member:
 * the same email, or the same name up to case, accents, hyphens and added or dropped names
 * ("Jessica Fancy" / "Jessica Fancy-Landry").
 */
export function samePerson(current: { name: string; email: string | null }, row: { name: string; email: string | null }): boolean {
  if (current.email && row.email && current.email.toLowerCase() === row.email.toLowerCase()) return true;
  const a = personKey(current.name);
  const b = personKey(row.name);
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 2 && short.every((t) => long.includes(t));
}

/** "Fares Al Soud" → first "Fares", last "Al Soud" is unknowable: the last word is the best guess. */
function splitName(name: string): { firstName: string | null; lastName: string | null } {
  const i = name.lastIndexOf(" ");
  return i < 0 ? { firstName: null, lastName: name } : { firstName: name.slice(0, i), lastName: name.slice(i + 1) };
}

function hashDiff(d: Omit<ImportDiff, "hash">): string {
  const canonical = {
    asOf: d.asOf,
    added: d.added.map((a) => [a.fedNum, IMPORT_FIELDS.map((f) => a.values[f]), a.replaces?.id ?? null]),
    changed: d.changed.map((c) => [c.fedNum, c.representativeId, c.changes.map((x) => [x.field, x.from, x.to])]),
    vacated: d.vacated.map((v) => [v.fedNum, v.representativeId]),
  };
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex");
}

export async function computeDiff(db: Db | Tx, parsed: ParsedImport, asOf: string, lock: boolean): Promise<ImportDiff> {
  const fedNums = parsed.rows.map((r) => r.fedNum);
  const ridingRows = fedNums.length
    ? await db
        .select({ fedNum: ridings.fedNum, nameEn: ridings.nameEn, nameFr: ridings.nameFr, provinceCode: ridings.provinceCode })
        .from(ridings)
        .where(inArray(ridings.fedNum, fedNums))
    : [];
  const currentQuery = db
    .select({
      id: representatives.id,
      fedNum: representatives.ridingFedNum,
      name: representatives.name,
      firstName: representatives.firstName,
      lastName: representatives.lastName,
      party: representatives.party,
      email: representatives.email,
      photoUrl: representatives.photoUrl,
      honourable: representatives.honourable,
    })
    .from(representatives)
    .where(and(eq(representatives.current, true), inArray(representatives.ridingFedNum, fedNums.length ? fedNums : ["-"])));
  // Inside the apply transaction the rows are locked, so two owners applying at once cannot both pass the check.
  const currentRows = lock ? await currentQuery.for("update") : await currentQuery;
  const ridingBy = new Map(ridingRows.map((r) => [r.fedNum, r]));
  const currentBy = new Map(currentRows.map((r) => [r.fedNum, r]));
  const has = new Set(parsed.columns);
  const diff: Omit<ImportDiff, "hash"> = { asOf, added: [], changed: [], vacated: [], unchanged: 0 };
  for (const row of [...parsed.rows].sort((a, b) => a.fedNum.localeCompare(b.fedNum))) {
    const r = ridingBy.get(row.fedNum)!;
    const riding = { fedNum: r.fedNum, ridingNameEn: r.nameEn, ridingNameFr: r.nameFr, provinceCode: r.provinceCode };
    const cur = currentBy.get(row.fedNum);
    if (row.name === null) {
      if (cur) diff.vacated.push({ ...riding, representativeId: cur.id, name: cur.name });
      else diff.unchanged++;
      continue;
    }
    const derived = has.has("firstName") || has.has("lastName") ? null : splitName(row.name);
    if (!cur || !samePerson(cur, { name: row.name, email: has.has("email") ? row.email : null })) {
      diff.added.push({
        ...riding,
        replaces: cur ? { id: cur.id, name: cur.name } : null,
        values: {
          name: row.name,
          firstName: derived ? derived.firstName : row.firstName,
          lastName: derived ? derived.lastName : row.lastName,
          party: row.party,
          email: row.email,
          photoUrl: row.photoUrl,
          honourable: row.honourable,
        },
      });
      continue;
    }
    const next: RepValues = {
      name: row.name,
      // Without name columns, first and last names follow a changed full name and otherwise stay.
      firstName: derived ? (row.name !== cur.name ? derived.firstName : cur.firstName) : has.has("firstName") ? row.firstName : cur.firstName,
      lastName: derived ? (row.name !== cur.name ? derived.lastName : cur.lastName) : has.has("lastName") ? row.lastName : cur.lastName,
      party: has.has("party") ? row.party : cur.party,
      email: has.has("email") ? row.email : cur.email,
      photoUrl: has.has("photoUrl") ? row.photoUrl : cur.photoUrl,
      honourable: has.has("honourable") ? row.honourable : cur.honourable,
    };
    const changes = IMPORT_FIELDS.filter((f) => (f === "email" ? (next.email as string | null)?.toLowerCase() !== cur.email?.toLowerCase() : next[f] !== cur[f])).map(
      (f) => ({ field: f, from: cur[f], to: next[f] }),
    );
    if (changes.length) diff.changed.push({ ...riding, representativeId: cur.id, name: cur.name, changes });
    else diff.unchanged++;
  }
  return { ...diff, hash: hashDiff(diff) };
}

/** What applying the import would change, against the directory as it is now. */
export async function diffImport(parsed: ParsedImport, asOf: string): Promise<ImportDiff> {
  return computeDiff(await getDb(), parsed, asOf, false);
}
