import { and, eq, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { ridings, signatures } from "@/db/schema";

/**
 * Who an update may reach (decision 0032): the campaign's confirmed supporters who ticked "keep me
 * informed" and have not unsubscribed since, whose address is still held (not withdrawn, erased
 * or anonymised), narrowed to some provinces or ridings when the organizer chose them. The one
 * definition of the audience: the count on the page, the recipients fixed at sending, and the
 * check again before each mail all use it.
 */
export interface Audience {
  /** Province codes; none: every province, and supporters abroad. */
  provinces: string[];
  /** Riding numbers; none: every riding. */
  ridings: string[];
}

/** A signature's province: its riding's, else its postal code's. */
export const signatureProvinceSql = sql<string | null>`coalesce((select ${ridings.provinceCode} from ${ridings} where ${ridings.fedNum} = ${signatures.ridingFedNum}), ${signatures.provinceCode})`;

/** Conditions on `signatures` for one campaign's audience. */
export function audienceWhere(campaignId: string, audience: Audience): SQL {
  const conditions: (SQL | undefined)[] = [eq(signatures.campaignId, campaignId), ...reachableWhere()];
  if (audience.provinces.length > 0) conditions.push(sql`${signatureProvinceSql} in (${sql.join(audience.provinces.map((p) => sql`${p}`), sql`, `)})`);
  if (audience.ridings.length > 0) conditions.push(sql`${signatures.ridingFedNum} in (${sql.join(audience.ridings.map((r) => sql`${r}`), sql`, `)})`);
  return and(...conditions) as SQL;
}

/** What still has to hold of a signature when its mail leaves: confirmed, consenting, subscribed, with an address. */
export function reachableWhere(): SQL[] {
  return [eq(signatures.status, "confirmed"), eq(signatures.consentToContact, true), isNull(signatures.unsubscribedAt), isNotNull(signatures.email)];
}
