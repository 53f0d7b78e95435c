import { lt, sql } from "drizzle-orm";
import { sessions, supporterAccessTokens, verificationTokens } from "@/db/schema";
import { pruneRateLimitHits } from "@/lib/server/rate-limit";
import { getDb } from "@/lib/server/db";
import { deleteExpiredFlows } from "@/lib/signing/flows";
import { expireHeldLetters } from "@/lib/letters/lifecycle";
import { log } from "@/lib/server/log";
import { applyCampaignRetention, applyRetention } from "@/lib/privacy/retention";
import { expireExportRequests } from "@/lib/organizer/export-requests";

/**
 * Housekeeping that every worker runs on a timer: retention (IP addresses, delivered letter text,
 * campaigns' supporters after the organization's retention period), unapproved export requests,
 * expired signing flows and unapproved held letters, old rate-limit hits, expired data-access links, expired organizer
 * sessions and sign-in tokens. Every step is an idempotent
 * set-based statement, so several workers running it at once is harmless.
 */
export async function runMaintenance(now = new Date()): Promise<{ ips: number; letterTexts: number; warned: number; anonymised: number; exportRequests: number; sessions: number; signInTokens: number; flows: number; heldLetters: number }> {
  const db = await getDb();
  const retained = await applyRetention(now);
  const campaignsRetained = await applyCampaignRetention(now);
  const exportRequests = await expireExportRequests(db);
  const flows = await deleteExpiredFlows();
  const heldLetters = await expireHeldLetters(now);
  await pruneRateLimitHits(db);
  // Spent data-access links: a copy of the database keeps no trace of when someone looked.
  await db.delete(supporterAccessTokens).where(lt(supporterAccessTokens.expiresAt, sql`now()`));
  const s = await db.delete(sessions).where(lt(sessions.expires, sql`now()`)).returning({ t: sessions.sessionToken });
  const v = await db.delete(verificationTokens).where(lt(verificationTokens.expires, sql`now()`)).returning({ t: verificationTokens.identifier });
  return { ...retained, ...campaignsRetained, exportRequests, sessions: s.length, signInTokens: v.length, flows, heldLetters };
}

const MAINTENANCE_EVERY_MS = 3600_000;
const FIRST_RUN_AFTER_MS = 60_000;

type Timers = { first?: NodeJS.Timeout; every?: NodeJS.Timeout };
const timers: Timers = ((globalThis as Record<string, unknown>).__constituentMaintenance ??= {}) as Timers;

async function runLogged(): Promise<void> {
  try {
    log.info("maintenance.done", await runMaintenance());
  } catch (err) {
    log.error("maintenance.failed", { error: err });
  }
}

/** Hourly, first a minute after start. Timers never keep the process alive. */
export function startMaintenance(): void {
  if (timers.every) return;
  timers.first = setTimeout(runLogged, FIRST_RUN_AFTER_MS).unref();
  timers.every = setInterval(runLogged, MAINTENANCE_EVERY_MS).unref();
}

export function stopMaintenance(): void {
  clearTimeout(timers.first);
  clearInterval(timers.every);
  timers.first = timers.every = undefined;
}
