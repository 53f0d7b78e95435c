import { sql } from "drizzle-orm";
import { campaigns } from "@/db/schema";
import { torontoDay } from "@/lib/organizer/dashboard";
import type { CampaignInput, EditorIssue } from "./schema";

/* A campaign's end date: a day in Ottawa in the form, the end of that day in the database. */

/** End of the chosen day in Ottawa: a campaign "ending 2026-12-31" takes signatures all that day. */
export function endOfDay(date: string | null) {
  return date === null ? null : sql`((${date}::date + 1)::timestamp at time zone 'America/Toronto')`;
}

/** The day a campaign ends on, as the form shows it (the inverse of endOfDay). */
export const ENDS_ON = sql<string | null>`to_char((${campaigns.endsAt} at time zone 'America/Toronto') - interval '1 second', 'YYYY-MM-DD')`;


/** A new end date must not have passed; one already stored may stay as it is. */
export function endIssues(input: CampaignInput, storedEnd: string | null): EditorIssue[] {
  return input.endsAt && input.endsAt !== storedEnd && input.endsAt < torontoDay(new Date()) ? [{ path: ["endsAt"], message: "endsAt.past" }] : [];
}

