import { createHash } from "node:crypto";
import { mayImportDirectory } from "@/lib/organizer/access";
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, like as like_, or, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { auditLog, representatives, ridings } from "@/db/schema";
import { getDb, type Db, type Tx } from "@/lib/server/db";
import type { Actor } from "@/lib/organizer/organizations";

/* ------------------------------------------------------------------ search */

export const DIRECTORY_PAGE_SIZE = 50;
/** The party filter's value for "vacant ridings only". */
export const VACANT_FILTER = "vacant";

export interface DirectoryEntry {
  fedNum: string;
  ridingNameEn: string;
  ridingNameFr: string;
  provinceCode: string;
  /** Null: the riding is vacant. */
  representative: {
    id: string;
    name: string;
    party: string | null;
    email: string | null;
    asOf: string;
  } | null;
}

export interface DirectoryPage {
  entries: DirectoryEntry[];
  total: number;
  page: number;
  pageCount: number;
}

export const directorySearchSchema = z.object({
  q: z.string().trim().max(100).catch(""),
  province: z
    .string()
    .trim()
    .regex(/^[A-Z]{2}$/)
    .catch(""),
  party: z.string().trim().max(100).catch(""),
  page: z.coerce.number().int().min(1).max(1000).catch(1),
});
export type DirectorySearch = z.infer<typeof directorySearchSchema>;

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// Search ignores case, accents and the kind of dash or apostrophe: "Montreal" finds "Montréal",
// "Scarborough-Guildwood" finds "Scarborough—Guildwood", "St. John's" finds "St. John’s".
// translate() is plain SQL, the same on PGlite and PostgreSQL (no unaccent extension needed).
// Upper-case accented letters too: lower() leaves them alone under the C collation.
const FOLD_FROM = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝ—–‐‑‒―’‘";
const FOLD_TO = "aaaaaaceeeeiiiinooooouuuuyyaaaaaaceeeeiiiinooooouuuuy------''";

function foldText(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\s\S]/g, (c) => {
      const i = FOLD_FROM.indexOf(c);
      return i < 0 ? c : FOLD_TO[i];
    })
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "");
}

function folded(column: AnyPgColumn): SQL {
  return sql`translate(lower(${column}), ${FOLD_FROM}, ${FOLD_TO})`;
}

/**
 * The directory: every riding with its current MP (a vacant riding is listed as such), searchable
 * by MP name, riding name (EN or FR) or riding number, filtered by province and party. Public data:
 * any member of any organization may read it.
 */
export async function searchDirectory(input: Partial<Record<keyof DirectorySearch, unknown>>): Promise<DirectoryPage> {
  const f = directorySearchSchema.parse(input);
  const db = await getDb();
  const like = `%${escapeLike(foldText(f.q))}%`;
  const where = and(
    f.q
      ? or(
          like_(folded(representatives.name), like),
          like_(folded(ridings.nameEn), like),
          like_(folded(ridings.nameFr), like),
          /^\d{5}$/.test(f.q) ? eq(ridings.fedNum, f.q) : undefined,
        )
      : undefined,
    f.province ? eq(ridings.provinceCode, f.province) : undefined,
    f.party === VACANT_FILTER ? isNull(representatives.id) : f.party ? eq(representatives.party, f.party) : undefined,
  );
  const currentJoin = and(eq(representatives.ridingFedNum, ridings.fedNum), eq(representatives.current, true));
  const [{ n }] = await db.select({ n: count() }).from(ridings).leftJoin(representatives, currentJoin).where(where);
  const pageCount = Math.max(1, Math.ceil(n / DIRECTORY_PAGE_SIZE));
  const page = Math.min(f.page, pageCount);
  const rows = await db
    .select({
      fedNum: ridings.fedNum,
      ridingNameEn: ridings.nameEn,
      ridingNameFr: ridings.nameFr,
      provinceCode: ridings.provinceCode,
      id: representatives.id,
      name: representatives.name,
      party: representatives.party,
      email: representatives.email,
      asOf: representatives.asOf,
    })
    .from(ridings)
    .leftJoin(representatives, currentJoin)
    .where(where)
    .orderBy(asc(ridings.nameEn), asc(ridings.fedNum))
    .limit(DIRECTORY_PAGE_SIZE)
    .offset((page - 1) * DIRECTORY_PAGE_SIZE);
  return {
    total: n,
    page,
    pageCount,
    entries: rows.map((r) => ({
      fedNum: r.fedNum,
      ridingNameEn: r.ridingNameEn,
      ridingNameFr: r.ridingNameFr,
      provinceCode: r.provinceCode,
      representative: r.id && r.name ? { id: r.id, name: r.name, party: r.party, email: r.email, asOf: r.asOf ?? "" } : null,
    })),
  };
}

/** How current the directory is: each as-of date among the current MPs with how many MPs it covers, newest first. */
export async function getDirectoryAsOf(): Promise<{ asOf: string; count: number }[]> {
  const db = await getDb();
  return db
    .select({ asOf: representatives.asOf, count: count() })
    .from(representatives)
    .where(eq(representatives.current, true))
    .groupBy(representatives.asOf)
    .orderBy(desc(representatives.asOf));
}

/** The parties of the current MPs and the provinces of the ridings, for the search form's choices. */
export async function getDirectoryFilters(): Promise<{ parties: string[]; provinces: string[] }> {
  const db = await getDb();
  const parties = await db
    .selectDistinct({ party: representatives.party })
    .from(representatives)
    .where(and(eq(representatives.current, true), isNotNull(representatives.party)))
    .orderBy(asc(representatives.party));
  const provinces = await db.selectDistinct({ p: ridings.provinceCode }).from(ridings).orderBy(asc(ridings.provinceCode));
  return { parties: parties.map((p) => p.party as string), provinces: provinces.map((p) => p.p) };
}

/* ------------------------------------------------------------------ who may import */

// Only owners of a platform-level organization may replace the MP data every campaign writes to:
// mayImportDirectory (lib/organizer/access.ts), checked by every import function below.

/* ------------------------------------------------------------------ CSV parsing */

/**
 * The server action's body limit (next.config.ts, 200 kB) bounds what a form can post; the import
 * stays under it so an oversized file gets a clear message, not a framework error. The full House
 * of Commons list (343 members) is about 60 kB.
 */
export const IMPORT_MAX_BYTES = 180_000;
export const IMPORT_MAX_ROWS = 1_000;
/** Errors shown at once: beyond this the file is probably not the right one. */
export const IMPORT_MAX_ERRORS = 50;

export interface ImportError {
  /** Line in the file (1 = the header); 0 for the whole file. */
  line: number;
  code: ImportErrorCode;
  value?: string;
}

export type ImportErrorCode =
  | "file.empty"
  | "file.tooLarge"
  | "file.tooManyRows"
  | "file.unclosedQuote"
  | "header.noRiding"
  | "header.noName"
  | "riding.unknown"
  | "riding.duplicate"
  | "name.invalid"
  | "party.invalid"
  | "email.invalid"
  | "photoUrl.invalid"
  | "asOf.invalid";

/** A CSV record with the line it starts on (a quoted field may span lines). */
interface CsvLine {
  line: number;
  cells: string[];
}

/** RFC 4180 with the line numbers people see in an editor: quotes, doubled quotes, BOM, CRLF or LF. */
export function parseCsvLines(text: string): { records: CsvLine[]; unclosedQuoteLine: number | null } {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvLine[] = [];
  let cells: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  let quoteStart = 0;
  const endRecord = () => {
    cells.push(field);
    if (cells.length > 1 || cells[0].trim() !== "") records.push({ line: start, cells });
    cells = [];
    field = "";
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === "\n" || (c === "\r" && src[i + 1] !== "\n")) line++;
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
      quoteStart = line;
    } else if (c === ",") {
      cells.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && src[i + 1] === "\n") i++;
      endRecord();
      line++;
      start = line;
    } else field += c;
  }
  if (quoted) return { records, unclosedQuoteLine: quoteStart };
  if (field !== "" || cells.length > 0) endRecord();
  return { records, unclosedQuoteLine: null };
}

/** "Province / Territory", "Prénom", "fed_num" → "province_territory", "prenom", "fed_num". */
function headerKey(h: string): string {
  return h
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
}

/**
 * Accepted column names: the bundled file's (data/mps_45th_parliament.csv) and the House of
 * Commons member export's, in English and French. Columns not listed are ignored.
 */
const COLUMN_ALIASES = {
  fedNum: ["fed_num", "fednum", "fed_number", "riding_number", "riding_no", "constituency_number", "electoral_district_number", "district_number", "numero_de_circonscription", "numero_circonscription", "no_circonscription", "circonscription_numero"],
  riding: ["riding_name_en", "riding_name_fr", "riding", "riding_name", "constituency", "electoral_district", "circonscription", "nom_de_la_circonscription", "nom_circonscription"],
  name: ["mp_name", "name", "member", "member_name", "full_name", "nom_complet", "depute", "deputee", "nom_du_depute"],
  firstName: ["first_name", "given_name", "prenom"],
  lastName: ["last_name", "family_name", "surname", "nom_de_famille", "nom"],
  party: ["party", "political_affiliation", "caucus", "parti", "affiliation_politique"],
  email: ["email", "e_mail", "email_address", "courriel", "adresse_courriel"],
  photoUrl: ["photo_url", "photo"],
  honourable: ["title_honourable_jun2025", "honorific_title", "honourable", "honorific", "titre_honorifique", "titre"],
} as const;
type Column = keyof typeof COLUMN_ALIASES;

/** Fields an import may set on a representative. */
export const IMPORT_FIELDS = ["name", "firstName", "lastName", "party", "email", "photoUrl", "honourable"] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export interface ImportRow {
  line: number;
  fedNum: string;
  /** Null: the riding is vacant. */
  name: string | null;
  firstName: string | null;
  lastName: string | null;
  party: string | null;
  email: string | null;
  photoUrl: string | null;
  honourable: boolean;
}

export interface ParsedImport {
  rows: ImportRow[];
  /** Optional columns the file has: a column it lacks leaves that field as it is. */
  columns: ImportField[];
}

export type ParseResult = ({ ok: true } & ParsedImport) | { ok: false; errors: ImportError[] };

const blankToNull = (v: string) => (v === "" ? null : v);
const cell = z.string().transform((s) => s.replace(/\s+/g, " ").trim());
// Names and parties end up in letters and spreadsheets: no formulas, no markup, no control characters.
const safeText = (max: number, code: ImportErrorCode) =>
  cell.pipe(z.string().max(max, code).regex(/^(?![=+\-@])[^<>\u0000-\u001f]*$/u, code)).transform(blankToNull);

const rowSchema = z.object({
  name: safeText(200, "name.invalid"),
  firstName: safeText(100, "name.invalid"),
  lastName: safeText(100, "name.invalid"),
  party: safeText(100, "party.invalid"),
  email: cell
    .transform((s) => s.toLowerCase())
    .pipe(z.union([z.literal(""), z.email("email.invalid").max(254, "email.invalid")], { error: "email.invalid" }))
    .transform(blankToNull),
  photoUrl: cell
    .pipe(z.union([z.literal(""), z.url({ protocol: /^https$/, error: "photoUrl.invalid" }).max(500, "photoUrl.invalid")], { error: "photoUrl.invalid" }))
    .transform(blankToNull),
  honourable: cell.transform((s) => /^(yes|oui|true|1|hon\.?|l'hon\.?|the honourable|l['’]honorable)$/i.test(s)),
});

/** Riding names compare without case, accents or the kind of dash (— – -). */
function ridingKey(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\u2010-\u2015-]+/g, "-")
    .replace(/\s+/g, " ")
    .trim();
}

export interface RidingRef {
  fedNum: string;
  nameEn: string;
  nameFr: string;
}

/**
 * A House of Commons-style CSV → rows, or every problem with its line number. A riding is named by
 * its number (fed_num) or, failing a number column, by its English or French name. A row with a
 * riding and no member name declares the riding vacant. Ridings the file does not mention keep
 * their MP: a file of three lines changes three ridings.
 */
export function parseImportText(text: string, knownRidings: RidingRef[]): ParseResult {
  if (Buffer.byteLength(text, "utf8") > IMPORT_MAX_BYTES) return { ok: false, errors: [{ line: 0, code: "file.tooLarge" }] };
  const { records, unclosedQuoteLine } = parseCsvLines(text);
  if (unclosedQuoteLine !== null) return { ok: false, errors: [{ line: unclosedQuoteLine, code: "file.unclosedQuote" }] };
  const [header, ...body] = records;
  if (!header || body.length === 0) return { ok: false, errors: [{ line: 0, code: "file.empty" }] };
  if (body.length > IMPORT_MAX_ROWS) return { ok: false, errors: [{ line: 0, code: "file.tooManyRows" }] };

  const keys = header.cells.map(headerKey);
  const index = {} as Record<Column, number>;
  for (const col of Object.keys(COLUMN_ALIASES) as Column[]) {
    // The first alias the header has wins (fed_num before riding names, mp_name before "nom").
    const i = (COLUMN_ALIASES[col] as readonly string[]).map((a) => keys.indexOf(a)).find((x) => x >= 0);
    index[col] = i ?? -1;
  }
  // "nom" alone is a family name only beside a first-name column; otherwise it is the full name.
  if (index.name < 0 && index.lastName >= 0 && index.firstName < 0) {
    index.name = index.lastName;
    index.lastName = -1;
  }
  const headerErrors: ImportError[] = [];
  if (index.fedNum < 0 && index.riding < 0) headerErrors.push({ line: header.line, code: "header.noRiding" });
  if (index.name < 0 && index.lastName < 0) headerErrors.push({ line: header.line, code: "header.noName" });
  if (headerErrors.length) return { ok: false, errors: headerErrors };

  const byNum = new Set(knownRidings.map((r) => r.fedNum));
  const byName = new Map<string, string>();
  for (const r of knownRidings) {
    byName.set(ridingKey(r.nameEn), r.fedNum);
    byName.set(ridingKey(r.nameFr), r.fedNum);
  }
  const columns: ImportField[] = [];
  if (index.name >= 0) columns.push("name");
  for (const f of ["firstName", "lastName", "party", "email", "photoUrl", "honourable"] as const) if (index[f] >= 0) columns.push(f);

  const errors: ImportError[] = [];
  const rows: ImportRow[] = [];
  const seen = new Map<string, number>();
  const get = (cells: string[], col: Column) => (index[col] >= 0 ? (cells[index[col]] ?? "") : "");
  for (const rec of body) {
    if (errors.length >= IMPORT_MAX_ERRORS) break;
    const rawNum = get(rec.cells, "fedNum").trim();
    const rawRiding = get(rec.cells, "riding").trim();
    const fedNum = rawNum ? (byNum.has(rawNum) ? rawNum : null) : rawRiding ? (byName.get(ridingKey(rawRiding)) ?? null) : null;
    if (!fedNum) {
      errors.push({ line: rec.line, code: "riding.unknown", value: (rawNum || rawRiding).slice(0, 80) });
      continue;
    }
    const earlier = seen.get(fedNum);
    if (earlier !== undefined) {
      errors.push({ line: rec.line, code: "riding.duplicate", value: String(earlier) });
      continue;
    }
    seen.set(fedNum, rec.line);
    const parsed = rowSchema.safeParse({
      name: get(rec.cells, "name"),
      firstName: get(rec.cells, "firstName"),
      lastName: get(rec.cells, "lastName"),
      party: get(rec.cells, "party"),
      email: get(rec.cells, "email"),
      photoUrl: get(rec.cells, "photoUrl"),
      honourable: get(rec.cells, "honourable"),
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "");
        const code = (issue.message.includes(".") ? issue.message : `${field}.invalid`) as ImportErrorCode;
        if (!errors.some((e) => e.line === rec.line && e.code === code)) errors.push({ line: rec.line, code, value: get(rec.cells, field as Column).slice(0, 80) });
      }
      continue;
    }
    const v = parsed.data;
    const name = v.name ?? ([v.firstName, v.lastName].filter(Boolean).join(" ") || null);
    rows.push({ line: rec.line, fedNum, ...v, name });
  }
  if (errors.length) return { ok: false, errors: errors.slice(0, IMPORT_MAX_ERRORS) };
  return { ok: true, rows, columns };
}

async function loadRidingRefs(db: Db | Tx): Promise<RidingRef[]> {
  return db.select({ fedNum: ridings.fedNum, nameEn: ridings.nameEn, nameFr: ridings.nameFr }).from(ridings);
}

/** parseImportText against the ridings in the database. */
export async function parseImportCsv(text: string): Promise<ParseResult> {
  if (Buffer.byteLength(text, "utf8") > IMPORT_MAX_BYTES) return { ok: false, errors: [{ line: 0, code: "file.tooLarge" }] };
  return parseImportText(text, await loadRidingRefs(await getDb()));
}

/** The as-of date an owner gives the imported data: a real date, not in the future. */
export const importAsOfSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "asOf.invalid")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "asOf.invalid")
  .refine((s) => s <= new Date(Date.now() + 36 * 3600_000).toISOString().slice(0, 10), "asOf.invalid");

/* ------------------------------------------------------------------ diff */

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
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
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

async function computeDiff(db: Db | Tx, parsed: ParsedImport, asOf: string, lock: boolean): Promise<ImportDiff> {
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

/** Preview for an owner: parse, validate and diff, or refuse. */
export async function previewImport(
  actor: Actor,
  text: string,
  asOf: string,
): Promise<{ ok: true; diff: ImportDiff } | { ok: false; error: "forbidden" } | { ok: false; error: "invalid"; errors: ImportError[] }> {
  if (!(await mayImportDirectory(actor))) return { ok: false, error: "forbidden" };
  const date = importAsOfSchema.safeParse(asOf);
  const parsed = await parseImportCsv(text);
  const errors = [...(date.success ? [] : [{ line: 0, code: "asOf.invalid" as const }]), ...(parsed.ok ? [] : parsed.errors)];
  if (!parsed.ok || !date.success) return { ok: false, error: "invalid", errors };
  return { ok: true, diff: await diffImport(parsed, date.data) };
}

export type ApplyResult =
  | { ok: true; added: number; changed: number; vacated: number; unchanged: number }
  | { ok: false; error: "forbidden" }
  | { ok: false; error: "invalid"; errors: ImportError[] }
  /** The directory changed since the preview: here is the diff as it is now. */
  | { ok: false; error: "stale"; diff: ImportDiff };

/**
 * Applies an import in one transaction, only if its diff is still the one the owner previewed
 * (expectedDiffHash). A new member makes the previous one history (current = false, the row and
 * the letters that name it stay); a vacancy only ends the current row; corrections update the row
 * in place. One audit row records the counts.
 */
export async function applyImport(actor: Actor, text: string, asOf: string, expectedDiffHash: string, source = "import"): Promise<ApplyResult> {
  const db = await getDb();
  if (!(await mayImportDirectory(actor, db))) return { ok: false, error: "forbidden" };
  const date = importAsOfSchema.safeParse(asOf);
  const parsed = await parseImportCsv(text);
  if (!parsed.ok || !date.success) {
    return { ok: false, error: "invalid", errors: [...(date.success ? [] : [{ line: 0, code: "asOf.invalid" as const }]), ...(parsed.ok ? [] : parsed.errors)] };
  }
  const src = `${source} (${new Date().toISOString().slice(0, 10)})`.slice(0, 200);
  try {
    return await applyInTransaction(db, actor, parsed, date.data, expectedDiffHash, src);
  } catch (err) {
    // Two owners filling the same vacant riding at once: there was no row to lock, so the second
    // insert meets the one-current-per-riding index. Show that owner the diff as it is now.
    if (isUniqueViolation(err)) return { ok: false, error: "stale", diff: await computeDiff(db, parsed, date.data, false) };
    throw err;
  }
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

async function applyInTransaction(db: Db, actor: Actor, parsed: ParsedImport, asOf: string, expectedDiffHash: string, src: string): Promise<ApplyResult> {
  return db.transaction(async (tx) => {
    if (!(await mayImportDirectory(actor, tx))) return { ok: false, error: "forbidden" } as const;
    const diff = await computeDiff(tx, parsed, asOf, true);
    if (diff.hash !== expectedDiffHash) return { ok: false, error: "stale", diff } as const;
    const now = new Date();
    const ended = [...diff.vacated.map((v) => v.representativeId), ...diff.added.flatMap((a) => (a.replaces ? [a.replaces.id] : []))];
    if (ended.length) {
      await tx.update(representatives).set({ current: false, updatedAt: now }).where(and(inArray(representatives.id, ended), eq(representatives.current, true)));
    }
    if (diff.added.length) {
      await tx.insert(representatives).values(
        diff.added.map((a) => ({
          ridingFedNum: a.fedNum,
          name: a.values.name as string,
          firstName: a.values.firstName as string | null,
          lastName: a.values.lastName as string | null,
          party: a.values.party as string | null,
          email: a.values.email as string | null,
          photoUrl: a.values.photoUrl as string | null,
          honourable: a.values.honourable === true,
          current: true,
          asOf: diff.asOf,
          source: src,
        })),
      );
    }
    for (const c of diff.changed) {
      const set: Partial<typeof representatives.$inferInsert> = { asOf: diff.asOf, source: src, updatedAt: now };
      for (const x of c.changes) (set as Record<string, unknown>)[x.field] = x.to;
      await tx.update(representatives).set(set).where(eq(representatives.id, c.representativeId));
    }
    const counts = { added: diff.added.length, changed: diff.changed.length, vacated: diff.vacated.length, unchanged: diff.unchanged };
    await tx.insert(auditLog).values({
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: "directory.import",
      targetType: "representatives",
      targetId: null,
      detail: { ...counts, asOf: diff.asOf, diffHash: diff.hash, ridings: [...diff.added, ...diff.changed, ...diff.vacated].map((x) => x.fedNum) },
    });
    return { ok: true, ...counts } as const;
  });
}

/** For tests and the decision record: the SQL a vacancy leaves behind is simply no current row. */
export async function countVacantRidings(): Promise<number> {
  const db = await getDb();
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(ridings)
    .where(sql`not exists (select 1 from ${representatives} where ${representatives.ridingFedNum} = ${ridings.fedNum} and ${representatives.current})`);
  return n;
}

