import { listRepresentatives, ridingName, type RepresentativeListing } from "@/lib/directory/representatives";
import { campaignIdSchema } from "./schema";

/* The MPs an organizer names as a campaign's targets. */

export interface RepresentativeChoice {
  id: string;
  name: string;
  party: string | null;
  riding: string;
}

function toChoice(r: RepresentativeListing, locale: string): RepresentativeChoice {
  return { id: r.id, name: r.name, party: r.party, riding: ridingName({ nameEn: r.ridingNameEn, nameFr: r.ridingNameFr }, locale) };
}

/** Current MPs by id (the campaign's named targets, for display). */
export async function getRepresentativeChoices(ids: string[], locale: string): Promise<RepresentativeChoice[]> {
  const valid = ids.filter((id) => campaignIdSchema.safeParse(id).success);
  return (await listRepresentatives({ ids: valid })).map((r) => toChoice(r, locale));
}

/** Current MPs whose name or riding matches, for adding named targets. */
export async function searchRepresentatives(q: string, locale: string, limit = 10): Promise<RepresentativeChoice[]> {
  const query = q.trim().slice(0, 100);
  if (!query) return [];
  return (await listRepresentatives({ q: query })).slice(0, limit).map((r) => toChoice(r, locale));
}

