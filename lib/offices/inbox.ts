import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { createTranslator } from "next-intl";
import { z } from "zod";
import { campaignContent, campaigns, letters, officeDigests, officeSignInTokens, organizations, representatives, ridings } from "@/db/schema";
import { splitStored } from "@/lib/letters/compose";
import { composeLetter } from "@/lib/letters/text";
import { intlConfig, LOCALES } from "@/lib/i18n";
import { enqueueInTx, jobTransaction, QUEUES } from "@/lib/jobs/queue";
import { foldAccents } from "@/lib/fold";
import { plainText } from "@/lib/campaigns/markdown";
import { paths } from "@/lib/paths";
import { openRows } from "@/lib/privacy/encryption";
import { csvRow } from "@/lib/server/csv";
import { getDb } from "@/lib/server/db";
import { publicUrl } from "@/lib/server/env";
import { log } from "@/lib/server/log";
import { platformAddress, sendMail } from "@/lib/server/mail";
import { hitRateLimit } from "@/lib/server/rate-limit";
import { keyedHash, seal, unseal } from "@/lib/server/seal";
import { officeKey } from "./offices";

/*
 * The office inbox (decision 0029): an office signs in with a link mailed to its address in the
 * directory and reads the letters from verified constituents sent to it. Nothing else of the
 * platform is visible to it. The session is a sealed cookie naming the office address.
 */

export const officeSignInSchema = z.object({ email: z.email({ error: "email.invalid" }).max(320, "email.invalid") });

const REQUEST_PURPOSE = "office-sign-in-request";
const SESSION_PURPOSE = "office-session";
export const OFFICE_SESSION_COOKIE = "office_session";
export const OFFICE_SESSION_HOURS = 8;
const LINK_MINUTES = 30;

/**
 * Every request does the same here, whatever the address: one sealed job. Whether it is an
 * office in the directory is the worker's decision, after the answer has left.
 */
export async function requestOfficeSignIn(email: string, locale: string): Promise<void> {
  await jobTransaction((tx) => enqueueInTx(tx, QUEUES.officeMail, { signIn: seal(REQUEST_PURPOSE, { email: officeKey(email), locale }) }));
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The worker's half: an address some current MP has in the directory gets a single-use link. */
export async function sendOfficeSignInMail(sealed: string): Promise<"sent" | "not_an_office" | "limited" | "unreadable"> {
  const request = unseal<{ email: string; locale: string }>(REQUEST_PURPOSE, sealed);
  if (!request) return "unreadable";
  const db = await getDb();
  const [office] = await db
    .select({ name: representatives.name })
    .from(representatives)
    .where(and(sql`lower(${representatives.email}) = ${request.email}`, eq(representatives.current, true)))
    .limit(1);
  if (!office) return "not_an_office";
  if (await hitRateLimit(db, keyedHash("rate-limit", `office-sign-in:${request.email}`), [{ limit: 5, windowSeconds: 3600 }])) return "limited";
  const token = randomBytes(32).toString("base64url");
  await db.insert(officeSignInTokens).values({ tokenHash: hashToken(token), officeEmail: request.email, expiresAt: new Date(Date.now() + LINK_MINUTES * 60_000) });
  const parts = (LOCALES as readonly string[]).filter((l) => l !== "hy").map((locale) => {
    const m = createTranslator({ ...intlConfig(locale), namespace: "office" });
    return { subject: m("signInMailSubject"), text: `${m("signInMailBody", { minutes: LINK_MINUTES })}\n${publicUrl()}${paths.office.signInLink(locale, token)}\n` };
  });
  await sendMail({
    from: platformAddress("offices", "Constituent"),
    to: { name: office.name, address: request.email },
    subject: parts.map((p) => p.subject).join(" / "),
    text: parts.map((p) => p.text).join("\n"),
  });
  return "sent";
}

/** Spends a sign-in link: the sealed session value for the cookie, or null. */
export async function redeemOfficeSignIn(token: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const db = await getDb();
  const [row] = await db
    .update(officeSignInTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(officeSignInTokens.tokenHash, hashToken(token)), isNull(officeSignInTokens.usedAt), gt(officeSignInTokens.expiresAt, sql`now()`)))
    .returning({ email: officeSignInTokens.officeEmail });
  if (!row) return null;
  log.info("office.signed_in", {});
  return seal(SESSION_PURPOSE, { email: row.email, exp: Date.now() + OFFICE_SESSION_HOURS * 3600_000 });
}

/** The office a session cookie names, while it lasts. */
export function officeFromSession(cookie: string | undefined | null): string | null {
  if (!cookie) return null;
  const s = unseal<{ email: string; exp: number }>(SESSION_PURPOSE, cookie);
  return s && typeof s.email === "string" && s.exp > Date.now() ? s.email : null;
}

/** Whether a sign-in link is still good (the page shows a button; only its POST spends it). */
export async function officeSignInLinkValid(token: string): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return false;
  const db = await getDb();
  const [row] = await db
    .select({ e: officeSignInTokens.officeEmail })
    .from(officeSignInTokens)
    .where(and(eq(officeSignInTokens.tokenHash, hashToken(token)), isNull(officeSignInTokens.usedAt), gt(officeSignInTokens.expiresAt, sql`now()`)));
  return Boolean(row);
}

/* ------------------------------------------------------------------ the inbox */

export const inboxQuerySchema = z.object({
  campaign: z.uuid().optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1000).default(1).catch(1),
});
export type InboxQuery = z.output<typeof inboxQuerySchema>;

export interface InboxLetter {
  id: string;
  campaignId: string;
  campaignTitle: string;
  organizationName: string;
  subject: string;
  text: string;
  name: string;
  email: string;
  postalCode: string | null;
  ridingName: string | null;
  sentAt: Date;
  inDigestOf: Date | null;
}

export interface Inbox {
  office: string;
  names: string[];
  campaigns: { id: string; title: string; count: number }[];
  weeks: { week: string; count: number }[];
  letters: InboxLetter[];
  total: number;
  page: number;
  pages: number;
}

/** The most recent letters an inbox reads (searching is done on opened text, so it is bounded). */
export const INBOX_WINDOW = 5000;
export const INBOX_PAGE = 25;

/**
 * The letters sent to this office address (one by one or in a digest), newest first; the
 * campaign filter and the search (name, postal code, address, subject, text; case and accents
 * ignored) apply to the most recent INBOX_WINDOW.
 */
export async function loadOfficeInbox(office: string, query: InboxQuery, locale: string, opts: { all?: boolean } = {}): Promise<Inbox> {
  const db = await getDb();
  const rows = await db
    .select({
      id: letters.id,
      campaignId: letters.campaignId,
      campaignSlug: campaigns.slug,
      organizationName: organizations.name,
      subject: letters.subject,
      body: letters.body,
      name: letters.senderName,
      email: letters.senderEmail,
      postalCode: letters.senderPostalCode,
      ridingEn: ridings.nameEn,
      ridingFr: ridings.nameFr,
      sentAt: letters.sentAt,
      digestAt: officeDigests.sentAt,
    })
    .from(letters)
    .innerJoin(campaigns, eq(campaigns.id, letters.campaignId))
    .innerJoin(organizations, eq(organizations.id, campaigns.organizationId))
    .leftJoin(ridings, eq(ridings.fedNum, letters.senderRidingFedNum))
    .leftJoin(officeDigests, eq(officeDigests.id, letters.digestId))
    .where(and(eq(letters.deliveredTo, office), eq(letters.status, "sent")))
    .orderBy(desc(letters.sentAt))
    .limit(INBOX_WINDOW);
  await openRows(db, rows, ["subject", "body", "name", "email", "postalCode"]);
  const campaignIds = [...new Set(rows.map((r) => r.campaignId))];
  const titles = campaignIds.length
    ? await db.select({ campaignId: campaignContent.campaignId, locale: campaignContent.locale, title: campaignContent.title }).from(campaignContent).where(sql`${campaignContent.campaignId} in ${campaignIds}`)
    : [];
  const titleOf = (id: string, slug: string) => plainText((titles.find((t) => t.campaignId === id && t.locale === locale) ?? titles.find((t) => t.campaignId === id))?.title ?? slug);
  const all: InboxLetter[] = rows.map((r) => {
    const { body, personal } = splitStored(r.body);
    return {
      id: r.id,
      campaignId: r.campaignId,
      campaignTitle: titleOf(r.campaignId, r.campaignSlug),
      organizationName: r.organizationName,
      subject: r.subject,
      // Deliver-then-delete campaigns keep no text once the office has it.
      text: r.body ? composeLetter(body, personal) : "",
      name: r.name ?? "",
      email: r.email ?? "",
      postalCode: r.postalCode,
      ridingName: r.ridingEn ? (locale === "fr" ? r.ridingFr ?? r.ridingEn : r.ridingEn) : null,
      sentAt: r.sentAt as Date,
      inDigestOf: r.digestAt,
    };
  });
  const campaignsList = campaignIds.map((id) => ({ id, title: all.find((l) => l.campaignId === id)!.campaignTitle, count: all.filter((l) => l.campaignId === id).length }));
  const needle = query.q ? foldAccents(query.q).toLowerCase().replace(/\s+/g, " ").trim() : "";
  const filtered = all.filter(
    (l) =>
      (!query.campaign || l.campaignId === query.campaign) &&
      (!needle || foldAccents([l.name, l.email, l.postalCode ?? "", l.subject, l.text].join(" ")).toLowerCase().replace(/\s+/g, " ").includes(needle)),
  );
  const weekOf = (d: Date) => {
    const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)));
    return monday.toISOString().slice(0, 10);
  };
  const weekCounts = new Map<string, number>();
  for (const l of filtered) weekCounts.set(weekOf(l.sentAt), (weekCounts.get(weekOf(l.sentAt)) ?? 0) + 1);
  const reps = await db
    .select({ name: representatives.name })
    .from(representatives)
    .where(and(sql`lower(${representatives.email}) = ${office}`, eq(representatives.current, true)));
  const pages = Math.max(1, Math.ceil(filtered.length / INBOX_PAGE));
  const page = Math.min(query.page, pages);
  return {
    office,
    names: reps.map((r) => r.name),
    campaigns: campaignsList,
    weeks: [...weekCounts.entries()].sort((a, b) => b[0].localeCompare(a[0])).slice(0, 12).map(([week, count]) => ({ week, count })),
    letters: opts.all ? filtered : filtered.slice((page - 1) * INBOX_PAGE, page * INBOX_PAGE),
    total: filtered.length,
    page,
    pages,
  };
}

export function inboxCsv(rows: InboxLetter[]): string {
  const header = ["campaign", "organization", "name", "email", "postal_code", "riding", "subject", "letter", "sent_at", "in_digest_of"];
  return (
    [
      csvRow(header),
      ...rows.map((r) => csvRow([r.campaignTitle, r.organizationName, r.name, r.email, r.postalCode ?? "", r.ridingName ?? "", r.subject, r.text, r.sentAt.toISOString(), r.inDigestOf?.toISOString() ?? ""])),
    ].join("") // csvRow ends each line with CRLF
  );
}
