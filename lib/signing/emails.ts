import { and, eq, sql } from "drizzle-orm";
import { campaignContent, campaigns, letters, organizations, signatures, signingFlows, supporters } from "@/db/schema";
import { signatureEmailSql } from "@/lib/signing/addresses";
import { getDb } from "@/lib/server/db";
import { publicUrl } from "@/lib/server/env";
import { createTranslator } from "next-intl";
import { intlConfig } from "@/lib/i18n";
import { buildLetterEmail, loadLetterEnvelope } from "@/lib/letters/deliver";
import { HELD_LETTER_DAYS } from "@/lib/letters/lifecycle";
import { log } from "@/lib/server/log";
import { headerSafe, platformAddress, sendMail } from "@/lib/server/mail";
import { escapeHtml, plainText } from "@/lib/campaigns/markdown";
import { issueTokens, TOKEN_TTL_HOURS } from "@/lib/signing/tokens";
import { openRow } from "@/lib/privacy/encryption";
import { forgetSuppressedSignature, isSuppressed, maySendToSupporter } from "@/lib/privacy/suppression";

/* ------------------------------------------------------------------ supporter emails */

/** e-petitions' rule: at most five confirmation (or "already signed") emails ever per signature. */
export const MAX_CONFIRMATION_EMAILS = 5;
/** Letters mailed to the address's owner for approval, per signature, ever. */
export const MAX_APPROVAL_EMAILS = 10;

/** A paragraph of a supporter email: text, optionally with a link shown as a button in HTML. */
export type Paragraph = string | { text: string; url: string; button: string } | { preformatted: string };

/** A supporter email's text and HTML (also the data-access emails of lib/privacy/data-request.ts). */
export function supporterMail(locale: string, paragraphs: Paragraph[]): { text: string; html: string } {
  const text = paragraphs
    .map((p) => (typeof p === "string" ? p : "url" in p ? `${p.text}\n${p.url}` : p.preformatted))
    .join("\n\n");
  const linkify = (t: string) => escapeHtml(t).replace(/\n/g, "<br>").replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>');
  const html = paragraphs
    .map((p) => {
      if (typeof p === "string") return `<p>${linkify(p)}</p>`;
      if ("preformatted" in p) return `<pre style="white-space:pre-wrap;font-family:inherit;border-left:3px solid #999;padding-left:12px">${escapeHtml(p.preformatted)}</pre>`;
      return `<p>${escapeHtml(p.text)}</p><p><a href="${escapeHtml(p.url)}" style="display:inline-block;padding:12px 22px;background:#14532d;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:bold">${escapeHtml(p.button)}</a></p><p style="font-size:90%;color:#555">${linkify(p.url)}</p>`;
    })
    .join("");
  return { text: `${text}\n`, html: `<!doctype html><html lang="${escapeHtml(locale)}"><body style="font-family:sans-serif;line-height:1.5;max-width:40em">${html}</body></html>` };
}

/** The signature an email job is about, with what its email needs. */
async function loadSignatureForMail(signatureId: string) {
  const db = await getDb();
  const [s] = await db
    .select({
      id: signatures.id,
      status: signatures.status,
      flagReason: signatures.flagReason,
      locale: signatures.locale,
      email: signatureEmailSql,
      slug: campaigns.slug,
      orgName: organizations.name,
      // The title in the signer's language, else any (one statement rather than two).
      title: sql<string | null>`(select ${campaignContent.title} from ${campaignContent} where ${campaignContent.campaignId} = ${campaigns.id} order by (${campaignContent.locale} = ${signatures.locale}) desc, ${campaignContent.locale} limit 1)`,
    })
    .from(signatures)
    .innerJoin(supporters, eq(supporters.id, signatures.supporterId))
    .innerJoin(campaigns, eq(campaigns.id, signatures.campaignId))
    .innerJoin(organizations, eq(organizations.id, campaigns.organizationId))
    .where(eq(signatures.id, signatureId));
  return openRow(db, s, ["email"]);
}

/**
 * Whether this signature's address may be mailed at all: never a placeholder left by erasure, and
 * never an address whose owner erased everything (decision 0023). A signature made with such an
 * address since then can never be confirmed, so what was typed into it is dropped at once.
 */
async function mayMailSignature(s: { id: string; email: string }): Promise<boolean> {
  const db = await getDb();
  if (await maySendToSupporter(db, s.email)) return true;
  if (await isSuppressed(db, s.email)) await forgetSuppressedSignature(s.id);
  return false;
}

/** Bumps one of a signature's email counters if it is under its cap; false when the cap is reached. */
async function spendEmail(signatureId: string, counter: "confirmation" | "approval"): Promise<boolean> {
  const db = await getDb();
  const column = counter === "confirmation" ? signatures.confirmationEmailsSent : signatures.approvalEmailsSent;
  const cap = counter === "confirmation" ? MAX_CONFIRMATION_EMAILS : MAX_APPROVAL_EMAILS;
  const rows = await db
    .update(signatures)
    .set(counter === "confirmation" ? { confirmationEmailsSent: sql`${column} + 1` } : { approvalEmailsSent: sql`${column} + 1` })
    .where(and(eq(signatures.id, signatureId), sql`${column} < ${cap}`))
    .returning({ id: signatures.id });
  return rows.length === 1;
}

/**
 * The email a press of "Sign" (or "Send the email again") causes, decided here rather than in the
 * request so that every request does the same work. Nothing leaves for a flow the signing
 * decision flagged (honeypot, block list, rate limit: silent flagging), for a withdrawn or
 * removed signature, or past the signature's cap. A pending signature gets "confirm your
 * signature"; a confirmed one gets "you have already signed" with a link and code that let the
 * device that just signed carry on. Tokens are made here, at send time, so no usable link ever
 * sits in the job table.
 */
export async function sendConfirmationEmail(job: { flowId?: string; signatureId?: string }): Promise<"sent" | "skipped"> {
  const db = await getDb();
  let signatureId = job.signatureId ?? null;
  let locale: string | null = null;
  let flowFlagged = false;
  if (job.flowId) {
    const [f] = await db
      .select({ signatureId: signingFlows.signatureId, flagReason: signingFlows.flagReason, locale: signingFlows.locale })
      .from(signingFlows)
      .where(eq(signingFlows.id, job.flowId));
    if (!f) return "skipped";
    signatureId = f.signatureId;
    locale = f.locale;
    flowFlagged = Boolean(f.flagReason);
  }
  if (!signatureId) return "skipped";
  const s = await loadSignatureForMail(signatureId);
  if (!s || !(await mayMailSignature(s))) return "skipped";
  if (flowFlagged || s.status === "invalidated" || s.flagReason === "honeypot") return "skipped";
  if (!(await spendEmail(s.id, "confirmation"))) return "skipped";
  const lang = locale ?? s.locale;
  const title = plainText(s.title ?? s.slug);
  const m = createTranslator({ ...intlConfig(lang), namespace: "emails" });
  const base = publicUrl();
  const [confirm, manage, unsubscribe] = await issueTokens(db, ["confirm", "manage", "unsubscribe"], s.id);
  const confirmUrl = `${base}/${lang}/confirm/${confirm.token}`;
  const already = s.status === "confirmed";
  const body = supporterMail(lang, [
    already ? m("continueIntro", { title }) : m("confirmIntro", { title }),
    { text: already ? m("continueAction") : m("confirmAction"), url: confirmUrl, button: already ? m("continueButton") : m("confirmButton") },
    already ? m("continueCode", { code: confirm.code ?? "" }) : m("confirmCode", { code: confirm.code ?? "" }),
    m("confirmExpiry", { hours: TOKEN_TTL_HOURS.confirm }),
    already ? m("continueIgnore") : m("confirmIgnore"),
    `${m("statusLine")}\n${base}/${lang}/s/${manage.token}`,
    `${m("unsubscribeLine", { organization: s.orgName })}\n${base}/${lang}/unsubscribe/${unsubscribe.token}`,
  ]);
  await sendMail({
    from: platformAddress("no-reply", "Constituent"),
    to: { address: s.email },
    subject: already ? m("continueSubject", { title }) : m("confirmSubject", { title }),
    ...body,
    headers: oneClickHeaders(`${base}/api/unsubscribe/${unsubscribe.token}`, s.slug),
  });
  log.info("mail.confirmation_sent", { signatureId: s.id });
  return "sent";
}

function oneClickHeaders(oneClickUrl: string, slug: string): Record<string, string> {
  return {
    // RFC 8058 one-click unsubscribe on every supporter email.
    "List-Unsubscribe": `<${oneClickUrl}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "X-Constituent-Campaign": slug,
  };
}

/**
 * A letter written in a browser that has not proved the address, mailed in full to the address
 * so its owner can send it (a single-use link) or ignore it. The code in it proves the address
 * in the writer's own browser instead. Same silence rules as the confirmation email.
 */
export async function sendApprovalEmail(letterId: string): Promise<"sent" | "skipped"> {
  const db = await getDb();
  const [l] = await db
    .select({ status: letters.status, signatureId: letters.signatureId, flagReason: signingFlows.flagReason, flowLocale: signingFlows.locale })
    .from(letters)
    .leftJoin(signingFlows, eq(signingFlows.id, letters.flowId))
    .where(eq(letters.id, letterId));
  if (!l || l.status !== "held" || l.flagReason) return "skipped";
  const s = await loadSignatureForMail(l.signatureId);
  if (!s || !(await mayMailSignature(s)) || s.status === "invalidated" || s.flagReason === "honeypot") return "skipped";
  const envelope = await loadLetterEnvelope(letterId);
  if (!envelope) return "skipped";
  if (!(await spendEmail(s.id, "approval"))) return "skipped";
  const lang = l.flowLocale ?? s.locale;
  const title = plainText(s.title ?? s.slug);
  const m = createTranslator({ ...intlConfig(lang), namespace: "emails" });
  const base = publicUrl();
  const [approve, confirm, manage, unsubscribe] = await issueTokens(db, ["approve", "confirm", "manage", "unsubscribe"], s.id, letterId);
  const letter = buildLetterEmail(envelope);
  const address = (a?: { name?: string; address: string }) => (a ? (a.name ? `"${a.name}" <${a.address}>` : a.address) : "");
  const body = supporterMail(lang, [
    m("approvalIntro", { name: envelope.representativeName, title }),
    { text: m("approvalAction"), url: `${base}/${lang}/approve/${approve.token}`, button: m("approvalButton") },
    m("approvalCode", { code: confirm.code ?? "" }),
    m("approvalIgnore", { days: HELD_LETTER_DAYS }),
    m("approvalLetterHeading"),
    {
      preformatted: [
        `${m("approvalFrom")}: ${address(letter.from)}`,
        `${m("approvalReplyTo")}: ${address(letter.replyTo)}`,
        `${m("approvalTo")}: ${address(letter.to)}`,
        `${m("approvalSubjectLine")}: ${letter.subject}`,
        "",
        letter.text.trim(),
      ].join("\n"),
    },
    `${m("statusLine")}\n${base}/${lang}/s/${manage.token}`,
    `${m("unsubscribeLine", { organization: s.orgName })}\n${base}/${lang}/unsubscribe/${unsubscribe.token}`,
  ]);
  await sendMail({
    from: platformAddress("no-reply", "Constituent"),
    to: { address: s.email },
    subject: m("approvalSubject", { name: headerSafe(envelope.representativeName, 120) }),
    ...body,
    headers: oneClickHeaders(`${base}/api/unsubscribe/${unsubscribe.token}`, s.slug),
  });
  log.info("mail.approval_sent", { letterId });
  return "sent";
}
