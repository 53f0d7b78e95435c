import { and, eq, inArray, sql } from "drizzle-orm";
import { createTranslator } from "next-intl";
import {
  campaignContent,
  campaigns,
  organizations,
  signatures,
  supporters,
  supporterUpdateContent,
  supporterUpdateDeliveries,
  supporterUpdates,
  users,
} from "@/db/schema";
import { escapeHtml, plainText, renderMarkdown } from "@/lib/campaigns/markdown";
import { intlConfig } from "@/lib/i18n";
import { isLocale } from "@/lib/i18n/config";
import { enqueueInTx, jobTransaction, QUEUES } from "@/lib/jobs/queue";
import { openRows } from "@/lib/privacy/encryption";
import { maySendToSupporter } from "@/lib/privacy/suppression";
import { getDb } from "@/lib/server/db";
import { env, publicUrl } from "@/lib/server/env";
import { log } from "@/lib/server/log";
import { headerSafe, MailError, sendMail, type OutgoingMail } from "@/lib/server/mail";
import { signatureEmailSql } from "@/lib/signing/addresses";
import { issueTokens } from "@/lib/signing/tokens";
import { reachableWhere } from "./audience";

/**
 * Sending an update (decision 0032). One `update-batch` job at a time per update: it claims the
 * next recipients (at most UPDATE_MAILS_PER_MINUTE a minute), queues the batch after it, then
 * mails each in the language they signed in, with their own one-click unsubscribe link (RFC 8058)
 * and the organization's name, contact and mailing address (CASL). Whether a recipient may still
 * be mailed is checked again at their turn: a withdrawal, an unsubscribe or an erasure since the
 * send stops their mail. A claim left by a crashed worker is taken again after CLAIM_STALE.
 */

/** A recipient's mail is tried this many times (temporary failures) before it counts as failed. */
export const UPDATE_MAX_ATTEMPTS = 5;
const CLAIM_STALE = "10 minutes";
/** A suspended organization's update waits; it is looked at again after this long. */
const SUSPENDED_RECHECK_SECONDS = 300;

/** A job's start as a date (a number of seconds does not pass through a transaction's executor, lib/jobs/queue.ts). */
const secondsFromNow = (s: number) => new Date(Date.now() + s * 1000);

function batchSize(): number {
  const e = env();
  return Math.max(1, Math.floor((e.UPDATE_MAILS_PER_MINUTE * e.UPDATE_BATCH_SECONDS) / 60));
}

interface UpdateToSend {
  id: string;
  status: string;
  campaignId: string;
  slug: string;
  campaignLocales: string[];
  orgName: string;
  contactEmail: string | null;
  mailingAddress: string | null;
  suspended: boolean;
  content: Map<string, { subject: string; body: string }>;
  titles: Map<string, string>;
}

async function loadUpdate(updateId: string): Promise<UpdateToSend | null> {
  const db = await getDb();
  const [u] = await db
    .select({
      id: supporterUpdates.id,
      status: supporterUpdates.status,
      campaignId: campaigns.id,
      slug: campaigns.slug,
      campaignLocales: campaigns.locales,
      orgName: organizations.name,
      contactEmail: organizations.contactEmail,
      mailingAddress: organizations.mailingAddress,
      suspendedAt: organizations.suspendedAt,
    })
    .from(supporterUpdates)
    .innerJoin(campaigns, eq(campaigns.id, supporterUpdates.campaignId))
    .innerJoin(organizations, eq(organizations.id, supporterUpdates.organizationId))
    .where(eq(supporterUpdates.id, updateId));
  if (!u) return null;
  const content = await db.select().from(supporterUpdateContent).where(eq(supporterUpdateContent.updateId, u.id));
  const titles = await db.select({ locale: campaignContent.locale, title: campaignContent.title }).from(campaignContent).where(eq(campaignContent.campaignId, u.campaignId));
  return {
    ...u,
    suspended: u.suspendedAt !== null,
    content: new Map(content.map((c) => [c.locale, { subject: c.subject, body: c.body }])),
    titles: new Map(titles.map((t) => [t.locale, t.title])),
  };
}

/** The language a recipient reads: the one they signed in when the update has it, else the campaign's first. */
function languageFor(u: UpdateToSend, signed: string): string {
  if (u.content.has(signed)) return signed;
  return u.campaignLocales.find((l) => u.content.has(l)) ?? [...u.content.keys()][0];
}

/**
 * An update as a recipient receives it: the organizer's Markdown (rendered through the one
 * sanitiser for HTML, as written for text), then why they get it, who sends it and how to stop.
 * `unsubscribe` is null for a test, which says where each supporter's own link goes.
 */
export function buildUpdateMail(u: UpdateToSend, lang: string, to: string, unsubscribe: { page: string; oneClick: string } | null, test = false): OutgoingMail {
  const m = createTranslator({ ...intlConfig(lang), namespace: "updates.mail" });
  const content = u.content.get(lang)!;
  const title = plainText(u.titles.get(lang) ?? u.titles.get(u.campaignLocales[0]) ?? u.slug);
  const why = m("why", { title, organization: u.orgName });
  const sender = [u.orgName, u.contactEmail ?? "", ...(u.mailingAddress ?? "").split("\n")].filter(Boolean);
  const stop = unsubscribe ? m("unsubscribe", { organization: u.orgName }) : m("testUnsubscribe");
  const campaignUrl = `${publicUrl()}/${lang}/campaigns/${encodeURIComponent(u.slug)}`;
  const text = [
    ...(test ? [m("testBanner"), ""] : []),
    content.body,
    "",
    "--",
    why,
    campaignUrl,
    "",
    ...sender,
    "",
    unsubscribe ? `${stop}\n${unsubscribe.page}` : stop,
    "",
  ].join("\n");
  const footer = `<hr><p style="font-size:90%;color:#444">${escapeHtml(why)}<br><a href="${escapeHtml(campaignUrl)}">${escapeHtml(title)}</a></p><p style="font-size:90%;color:#444">${sender.map(escapeHtml).join("<br>")}</p><p style="font-size:90%;color:#444">${
    unsubscribe ? `<a href="${escapeHtml(unsubscribe.page)}">${escapeHtml(stop)}</a>` : escapeHtml(stop)
  }</p>`;
  const html = `<!doctype html><html lang="${escapeHtml(lang)}"><body style="font-family:sans-serif;line-height:1.5;max-width:40em">${
    test ? `<p style="background:#fef3c7;padding:8px">${escapeHtml(m("testBanner"))}</p>` : ""
  }${renderMarkdown(content.body)}${footer}</body></html>`;
  return {
    from: { name: headerSafe(u.orgName, 120), address: `updates@${env().MAIL_FROM_DOMAIN}` },
    ...(u.contactEmail ? { replyTo: { name: headerSafe(u.orgName, 120), address: u.contactEmail } } : {}),
    to: { address: to },
    subject: headerSafe(test ? `${m("testSubjectPrefix")} ${content.subject}` : content.subject, 200),
    text,
    html,
    headers: {
      ...(unsubscribe ? { "List-Unsubscribe": `<${unsubscribe.oneClick}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : {}),
      "X-Constituent-Campaign": u.slug,
      "X-Constituent-Update": u.id,
    },
  };
}

/** Runs one batch of an update being sent: see the module's comment. */
export async function sendUpdateBatch(updateId: string): Promise<{ sent: number; failed: number; skipped: number; done: boolean }> {
  const totals = { sent: 0, failed: 0, skipped: 0, done: false };
  const u = await loadUpdate(updateId);
  if (!u || u.status !== "sending") return { ...totals, done: true };
  if (u.suspended) {
    await jobTransaction((tx) => enqueueInTx(tx, QUEUES.updateBatch, { updateId }, { startAfter: secondsFromNow(SUSPENDED_RECHECK_SECONDS) }));
    return totals;
  }
  const d = supporterUpdateDeliveries;
  const claimed = await jobTransaction(async (tx) => {
    const rows = (await tx.execute(sql`
      update ${d} set status = 'sending', claimed_at = now(), attempts = ${d.attempts} + 1
      where ${d.updateId} = ${updateId} and ${d.signatureId} in (
        select signature_id from ${d}
        where update_id = ${updateId} and (status = 'queued' or (status = 'sending' and claimed_at < now() - ${CLAIM_STALE}::interval))
        order by signature_id
        limit ${batchSize()}
        for update skip locked
      )
      returning signature_id, attempts`)) as unknown as { rows: { signature_id: string; attempts: number }[] };
    // The next batch is queued with this claim, so a crash cannot end the chain.
    if (rows.rows.length > 0) await enqueueInTx(tx, QUEUES.updateBatch, { updateId }, { startAfter: secondsFromNow(env().UPDATE_BATCH_SECONDS) });
    return rows.rows;
  });
  if (claimed.length === 0) {
    totals.done = await finishIfDone(updateId, { recheck: true });
    return totals;
  }
  const db = await getDb();
  const recipients = await openRows(
    db,
    await db
      .select({ id: signatures.id, email: signatureEmailSql, locale: signatures.locale })
      .from(signatures)
      .innerJoin(supporters, eq(supporters.id, signatures.supporterId))
      .where(and(inArray(signatures.id, claimed.map((c) => c.signature_id)), ...reachableWhere())),
    ["email"],
  );
  const byId = new Map(recipients.map((r) => [r.id, r]));
  const base = publicUrl();
  await Promise.all(
    claimed.map(async ({ signature_id: signatureId, attempts }) => {
      const settle = async (status: "sent" | "failed" | "skipped" | "queued") => {
        await db
          .update(d)
          .set({ status, ...(status === "sent" ? { sentAt: sql`now()` } : {}), claimedAt: null })
          .where(and(eq(d.updateId, updateId), eq(d.signatureId, signatureId)));
        if (status !== "queued") totals[status]++;
      };
      const r = byId.get(signatureId);
      if (!r || !(await maySendToSupporter(db, r.email))) return settle("skipped");
      const lang = languageFor(u, isLocale(r.locale) ? r.locale : u.campaignLocales[0]);
      try {
        const [token] = await issueTokens(db, ["unsubscribe"], signatureId, undefined, updateId);
        await sendMail(buildUpdateMail(u, lang, r.email, { page: `${base}/${lang}/unsubscribe/${token.token}`, oneClick: `${base}/api/unsubscribe/${token.token}` }));
        await settle("sent");
      } catch (err) {
        const permanent = err instanceof MailError && err.permanent;
        log.warn("update.mail_failed", { updateId, permanent, attempts });
        await settle(permanent || attempts >= UPDATE_MAX_ATTEMPTS ? "failed" : "queued");
      }
    }),
  );
  log.info("update.batch_sent", { updateId, sent: totals.sent, failed: totals.failed, skipped: totals.skipped });
  // The last batch marks the update sent at once (the batch queued after it then finds nothing).
  totals.done = await finishIfDone(updateId, { recheck: false });
  return totals;
}

/**
 * Marks the update sent once no recipient waits. With `recheck`, a batch still under way
 * elsewhere (another worker's claim) is looked at again in a minute.
 */
async function finishIfDone(updateId: string, opts: { recheck: boolean }): Promise<boolean> {
  return jobTransaction(async (tx) => {
    const [left] = (
      (await tx.execute(
        sql`select count(*)::int as n from ${supporterUpdateDeliveries} where update_id = ${updateId} and status in ('queued', 'sending')`,
      )) as unknown as { rows: { n: number }[] }
    ).rows;
    if (Number(left?.n ?? 0) > 0) {
      if (opts.recheck) await enqueueInTx(tx, QUEUES.updateBatch, { updateId }, { startAfter: secondsFromNow(60) });
      return false;
    }
    const done = await tx
      .update(supporterUpdates)
      .set({ status: "sent", finishedAt: sql`now()` })
      .where(and(eq(supporterUpdates.id, updateId), eq(supporterUpdates.status, "sending")))
      .returning({ id: supporterUpdates.id });
    if (done.length) log.info("update.finished", { updateId });
    return true;
  });
}

/** The test a member asked for: the update in each of its languages, to their own account's address. */
export async function sendUpdateTest(updateId: string, userId: string): Promise<number> {
  const u = await loadUpdate(updateId);
  if (!u) return 0;
  const db = await getDb();
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (!user) return 0;
  const languages = u.campaignLocales.filter((l) => u.content.has(l));
  for (const lang of languages) await sendMail(buildUpdateMail(u, lang, user.email, null, true));
  log.info("update.test_sent", { updateId, languages: languages.length });
  return languages.length;
}
