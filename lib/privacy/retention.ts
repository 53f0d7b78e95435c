import { and, inArray, isNotNull, lt, ne, sql } from "drizzle-orm";
import { letters, signatures } from "@/db/schema";
import { getDb } from "@/lib/server/db";

/**
 * Privacy by default. A signature on a campaign about a war reveals a political opinion, so a
 * supporter can withdraw it and have their details erased at any time from their status page,
 * and what we keep for abuse handling (IP addresses, letter text) expires on its own.
 */

/** How long a signature's IP address is kept for moderation (rate limits, bulk invalidation by range). */
export const IP_RETENTION_DAYS = 30;
/** How long the text of a delivered letter is kept (to answer "did my letter go out, and what did it say?"). */
export const SENT_LETTER_TEXT_RETENTION_DAYS = 30;

/**
 * Erases what is only kept for a while: IP addresses older than IP_RETENTION_DAYS and the text of
 * letters delivered more than SENT_LETTER_TEXT_RETENTION_DAYS ago. Idempotent; the worker runs it
 * hourly.
 */
export async function applyRetention(now = new Date()): Promise<{ ips: number; letterTexts: number }> {
  const db = await getDb();
  const ipCutoff = new Date(now.getTime() - IP_RETENTION_DAYS * 86_400_000);
  const letterCutoff = new Date(now.getTime() - SENT_LETTER_TEXT_RETENTION_DAYS * 86_400_000);
  const ips = await db
    .update(signatures)
    .set({ ip: null })
    .where(and(isNotNull(signatures.ip), lt(signatures.createdAt, ipCutoff)))
    .returning({ id: signatures.id });
  const texts = await db
    .update(letters)
    .set({ body: "", subject: "", senderName: null, senderEmail: null, senderPostalCode: null })
    .where(and(inArray(letters.status, ["sent", "failed", "cancelled"]), lt(sql`coalesce(${letters.sentAt}, ${letters.failedAt}, ${letters.createdAt})`, letterCutoff), ne(letters.body, "")))
    .returning({ id: letters.id });
  return { ips: ips.length, letterTexts: texts.length };
}
