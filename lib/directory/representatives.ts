import { and, asc, eq, ilike, inArray, or, type SQL } from "drizzle-orm";
import { fsaCandidates, representatives, ridings } from "@/db/schema";
import { getDb } from "@/lib/server/db";
import { normalizePostalCode } from "./postal";

export interface RepresentativeSummary {
  id: string;
  name: string;
  party: string | null;
  email: string | null;
  photoUrl: string | null;
  honourable: boolean;
  asOf: string;
}

export interface RidingWithRepresentative {
  fedNum: string;
  nameEn: string;
  nameFr: string;
  provinceCode: string;
  /** Share of the postal prefix's area in this riding (0..1); null when listed by province. */
  share: number | null;
  /** Null when the riding is vacant. */
  representative: RepresentativeSummary | null;
}

export type RidingLookup =
  | { ok: false; error: "postal.required" | "postal.invalid" }
  | {
      ok: true;
      postalCode: string;
      fsa: string;
      /** "fsa": candidates for the prefix, ranked by share; "province": the prefix is unknown. */
      source: "fsa" | "province";
      candidates: RidingWithRepresentative[];
    };

const repColumns = {
  repId: representatives.id,
  repName: representatives.name,
  repParty: representatives.party,
  repEmail: representatives.email,
  repPhotoUrl: representatives.photoUrl,
  repHonourable: representatives.honourable,
  repAsOf: representatives.asOf,
};

type RepRow = {
  repId: string | null;
  repName: string | null;
  repParty: string | null;
  repEmail: string | null;
  repPhotoUrl: string | null;
  repHonourable: boolean | null;
  repAsOf: string | null;
};

function toRepresentative(r: RepRow): RepresentativeSummary | null {
  if (!r.repId || !r.repName) return null;
  return {
    id: r.repId,
    name: r.repName,
    party: r.repParty,
    email: r.repEmail,
    photoUrl: r.repPhotoUrl,
    honourable: r.repHonourable ?? false,
    asOf: r.repAsOf ?? "",
  };
}

const currentRepJoin = and(eq(representatives.ridingFedNum, ridings.fedNum), eq(representatives.current, true));

/**
 * Postal code → the ridings the supporter may live in, each with its current MP. A prefix (FSA)
 * often spans several ridings: the caller shows them all and the supporter chooses. An unknown
 * prefix falls back to every riding of the province its first letter names.
 */
export async function findRidingsForPostalCode(input: string): Promise<RidingLookup> {
  const postal = normalizePostalCode(input);
  if (!postal.ok) return postal;
  const db = await getDb();
  const byFsa = await db
    .select({
      fedNum: ridings.fedNum,
      nameEn: ridings.nameEn,
      nameFr: ridings.nameFr,
      provinceCode: ridings.provinceCode,
      share: fsaCandidates.share,
      ...repColumns,
    })
    .from(fsaCandidates)
    .innerJoin(ridings, eq(ridings.fedNum, fsaCandidates.fedNum))
    .leftJoin(representatives, currentRepJoin)
    .where(eq(fsaCandidates.fsa, postal.fsa))
    .orderBy(asc(fsaCandidates.rank));
  if (byFsa.length > 0) {
    return {
      ok: true,
      postalCode: postal.postalCode,
      fsa: postal.fsa,
      source: "fsa",
      candidates: byFsa.map((r) => ({
        fedNum: r.fedNum,
        nameEn: r.nameEn,
        nameFr: r.nameFr,
        provinceCode: r.provinceCode,
        share: r.share,
        representative: toRepresentative(r),
      })),
    };
  }
  return {
    ok: true,
    postalCode: postal.postalCode,
    fsa: postal.fsa,
    source: "province",
    candidates: await listRidings({ provinces: postal.provinces }),
  };
}

async function selectRidings(where: SQL | undefined, limit?: number): Promise<RidingWithRepresentative[]> {
  const db = await getDb();
  const query = db
    .select({
      fedNum: ridings.fedNum,
      nameEn: ridings.nameEn,
      nameFr: ridings.nameFr,
      provinceCode: ridings.provinceCode,
      ...repColumns,
    })
    .from(ridings)
    .leftJoin(representatives, currentRepJoin)
    .where(where)
    .orderBy(asc(ridings.nameEn));
  const rows = limit ? await query.limit(limit) : await query;
  return rows.map((r) => ({
    fedNum: r.fedNum,
    nameEn: r.nameEn,
    nameFr: r.nameFr,
    provinceCode: r.provinceCode,
    share: null,
    representative: toRepresentative(r),
  }));
}

/** Ridings (optionally of some provinces), by name, each with its current MP or null if vacant. */
export async function listRidings(filter: { provinces?: string[] } = {}): Promise<RidingWithRepresentative[]> {
  return selectRidings(filter.provinces && filter.provinces.length ? inArray(ridings.provinceCode, filter.provinces) : undefined);
}

export async function getRidingWithRepresentative(fedNum: string): Promise<RidingWithRepresentative | null> {
  const [r] = await selectRidings(eq(ridings.fedNum, fedNum), 1);
  return r ?? null;
}

export interface RepresentativeListing extends RepresentativeSummary {
  ridingFedNum: string;
  ridingNameEn: string;
  ridingNameFr: string;
  provinceCode: string;
}

/** The directory: current MPs, searchable by name or riding, filtered by province and party. */
export async function listRepresentatives(
  filter: { q?: string; province?: string; party?: string; ids?: string[] } = {},
): Promise<RepresentativeListing[]> {
  if (filter.ids && filter.ids.length === 0) return [];
  const db = await getDb();
  const q = filter.q?.trim();
  const rows = await db
    .select({
      ...repColumns,
      ridingFedNum: ridings.fedNum,
      ridingNameEn: ridings.nameEn,
      ridingNameFr: ridings.nameFr,
      provinceCode: ridings.provinceCode,
    })
    .from(representatives)
    .innerJoin(ridings, eq(ridings.fedNum, representatives.ridingFedNum))
    .where(
      and(
        eq(representatives.current, true),
        q
          ? or(
              ilike(representatives.name, `%${escapeLike(q)}%`),
              ilike(ridings.nameEn, `%${escapeLike(q)}%`),
              ilike(ridings.nameFr, `%${escapeLike(q)}%`),
            )
          : undefined,
        filter.province ? eq(ridings.provinceCode, filter.province) : undefined,
        filter.party ? eq(representatives.party, filter.party) : undefined,
        filter.ids ? inArray(representatives.id, filter.ids) : undefined,
      ),
    )
    .orderBy(asc(representatives.lastName), asc(representatives.firstName));
  return rows.map((r) => ({
    ...(toRepresentative(r) as RepresentativeSummary),
    ridingFedNum: r.ridingFedNum,
    ridingNameEn: r.ridingNameEn,
    ridingNameFr: r.ridingNameFr,
    provinceCode: r.provinceCode,
  }));
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The riding's name in the reader's language (the official file often repeats the English). */
export function ridingName(r: { nameEn: string; nameFr: string }, locale: string): string {
  return locale === "fr" ? r.nameFr || r.nameEn : r.nameEn;
}
