import { and, asc, count, desc, eq, isNotNull, isNull, like as like_, or, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { offices, representatives, ridings } from "@/db/schema";
import { foldAccents } from "@/lib/fold";
import { getDb } from "@/lib/server/db";

/* The directory as organizers read it: every riding with its current MP, searched and filtered. */

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
    /** The office address bounced (decision 0029): letters to it wait for a corrected one. */
    bouncedAt: Date | null;
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
  return foldAccents(
    s.toLowerCase().replace(/[\s\S]/g, (c) => {
      const i = FOLD_FROM.indexOf(c);
      return i < 0 ? c : FOLD_TO[i];
    }),
  );
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
      bouncedAt: offices.bouncedAt,
    })
    .from(ridings)
    .leftJoin(representatives, currentJoin)
    .leftJoin(offices, eq(offices.email, sql`lower(${representatives.email})`))
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
      representative: r.id && r.name ? { id: r.id, name: r.name, party: r.party, email: r.email, asOf: r.asOf ?? "", bouncedAt: r.bouncedAt } : null,
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

/** For tests and the decision record: the SQL a vacancy leaves behind is simply no current row. */
export async function countVacantRidings(): Promise<number> {
  const db = await getDb();
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(ridings)
    .where(sql`not exists (select 1 from ${representatives} where ${representatives.ridingFedNum} = ${ridings.fedNum} and ${representatives.current})`);
  return n;
}

