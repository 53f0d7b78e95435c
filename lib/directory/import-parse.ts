import { z } from "zod";
import { ridings } from "@/db/schema";
import { getDb, type Db, type Tx } from "@/lib/server/db";
import { foldAccents } from "@/lib/fold";
import { parseCsvLines } from "@/lib/server/csv";

/* An owner's directory file → rows, or every problem with the line it is on (CSV through csv-parse). */

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

/** "Province / Territory", "Prénom", "fed_num" → "province_territory", "prenom", "fed_num". */
function headerKey(h: string): string {
  return foldAccents(h)
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
  return foldAccents(name)
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
