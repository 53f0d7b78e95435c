import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNotNull, lte, or, sql } from "drizzle-orm";
import { createTranslator } from "next-intl";
import { campaignContent, campaigns, letters, officeDigests, offices, organizations, representatives, ridings, signatures } from "@/db/schema";
import { splitStored } from "@/lib/letters/compose";
import { logEvent } from "@/lib/letters/lifecycle";
import { composeLetter } from "@/lib/letters/text";
import { letterLocalePreference } from "@/lib/i18n/config";
import { intlConfig } from "@/lib/i18n";
import { escapeHtml, plainText } from "@/lib/campaigns/markdown";
import { paths } from "@/lib/paths";
import { openRows } from "@/lib/privacy/encryption";
import { eraseAfterDelivery } from "@/lib/privacy/retention";
import { csvRow } from "@/lib/server/csv";
import { getDb } from "@/lib/server/db";
import { env, publicUrl } from "@/lib/server/env";
import { log, redact } from "@/lib/server/log";
import { MailError, platformAddress, sendMail } from "@/lib/server/mail";
import { destinationFor, getOffice, officeLinkToken, OTTAWA } from "./offices";
import { enqueueInTx, jobTransaction, QUEUES } from "@/lib/jobs/queue";
import { verpAddress } from "./bounces";

/*
 * The digest (decision 0029): one email per office per period, with every letter waiting for it.
 * For each campaign, how many verified constituents wrote; the letters that are mostly the
 * campaign's template once, with their writers; the personal letters in full; a CSV of the same.
 */

/** Letters per digest email; more wait for the next run (a few minutes later). */
export const DIGEST_MAX_LETTERS = 1000;

export interface DigestLetter {
  id: string;
  campaignId: string;
  campaignTitle: string;
  organizationName: string;
  subject: string;
  text: string;
  name: string;
  email: string;
  postalCode: string | null;
  ridingFedNum: string | null;
  ridingName: string | null;
  personal: boolean;
  writtenAt: Date;
  locale: string;
}

export interface DigestCampaign {
  campaignId: string;
  title: string;
  organizationName: string;
  /** Letters from verified constituents of the office's riding. */
  constituents: number;
  /** Letters from elsewhere (a campaign that writes to a named MP). */
  others: number;
  template: { text: string; writers: DigestLetter[] } | null;
  personal: DigestLetter[];
}

/**
 * By campaign and by the language of its letter (an English and a French template are two
 * texts): each group's template letters are shown once, the others in full.
 */
export function groupDigest(rows: DigestLetter[], officeRiding: string | null): DigestCampaign[] {
  const byCampaign = new Map<string, DigestLetter[]>();
  for (const r of rows) byCampaign.set(`${r.campaignId}:${r.locale}`, [...(byCampaign.get(`${r.campaignId}:${r.locale}`) ?? []), r]);
  return [...byCampaign.values()].map((ls) => {
    const template = ls.filter((l) => !l.personal);
    return {
      campaignId: ls[0].campaignId,
      title: ls[0].campaignTitle,
      organizationName: ls[0].organizationName,
      constituents: ls.filter((l) => officeRiding !== null && l.ridingFedNum === officeRiding).length,
      others: ls.filter((l) => officeRiding === null || l.ridingFedNum !== officeRiding).length,
      template: template.length ? { text: template[0].text, writers: template } : null,
      personal: ls.filter((l) => l.personal),
    };
  });
}

const DAY = new Intl.DateTimeFormat("en-CA", { timeZone: OTTAWA, year: "numeric", month: "2-digit", day: "2-digit" });

export function digestCsv(rows: DigestLetter[]): string {
  const header = ["campaign", "kind", "name", "email", "postal_code", "riding", "subject", "letter", "written_on"];
  // csvRow ends each line with CRLF.
  return [csvRow(header), ...rows.map((r) => csvRow([r.campaignTitle, r.personal ? "personal" : "template", r.name, r.email, r.postalCode ?? "", r.ridingName ?? "", r.subject, r.text, DAY.format(r.writtenAt)]))].join("");
}

export function buildDigestEmail(input: { officeEmail: string; officeName: string; ridingName: string | null; locale: string; campaigns: DigestCampaign[]; rows: DigestLetter[]; messageId: string; digestId: string; preferencesUrl: string }) {
  const m = createTranslator({ ...intlConfig(input.locale), namespace: "office" });
  const total = input.rows.length;
  const text: string[] = [m("digestIntro", { count: total, riding: input.ridingName ?? "—" }), ""];
  const html: string[] = [`<p>${escapeHtml(m("digestIntro", { count: total, riding: input.ridingName ?? "—" }))}</p>`];
  const writer = (l: DigestLetter) => `${l.name}${l.postalCode ? `, ${l.postalCode}` : ""} <${l.email}>`;
  const templateWriter = (l: DigestLetter) => `${writer(l)} — ${m("digestSubject")}: ${l.subject}`;
  for (const c of input.campaigns) {
    const heading = m("digestCampaign", { title: c.title, organization: c.organizationName });
    const counts = m("digestCounts", { constituents: c.constituents, others: c.others });
    text.push(`== ${heading} ==`, counts, "");
    html.push(`<h2 style="font-size:1.1em">${escapeHtml(heading)}</h2><p>${escapeHtml(counts)}</p>`);
    if (c.template) {
      const t = m("digestTemplate", { count: c.template.writers.length, name: c.template.writers[0].name });
      text.push(t, "", ...c.template.text.split("\n").map((l) => `    ${l}`), "", m("digestWriters"), ...c.template.writers.map((w) => `  - ${templateWriter(w)}`), "");
      html.push(
        `<h3 style="font-size:1em">${escapeHtml(t)}</h3><blockquote style="border-left:3px solid #ccc;margin:0;padding-left:1em">${c.template.text
          .split(/\n{2,}/)
          .map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`)
          .join("")}</blockquote><p>${escapeHtml(m("digestWriters"))}</p><ul>${c.template.writers.map((w) => `<li>${escapeHtml(templateWriter(w))}</li>`).join("")}</ul>`,
      );
    }
    if (c.personal.length) {
      const t = m("digestPersonal", { count: c.personal.length });
      text.push(t, "");
      html.push(`<h3 style="font-size:1em">${escapeHtml(t)}</h3>`);
      for (const l of c.personal) {
        text.push(`--- ${writer(l)}`, `${m("digestSubject")}: ${l.subject}`, "", l.text, "");
        html.push(`<h4 style="font-size:1em">${escapeHtml(writer(l))}</h4><p><strong>${escapeHtml(m("digestSubject"))}:</strong> ${escapeHtml(l.subject)}</p>${l.text
          .split(/\n{2,}/)
          .map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`)
          .join("")}`);
      }
    }
  }
  const footer = [m("digestFooterVerified"), m("digestFooterCsv"), m("digestFooterPreferences", { url: input.preferencesUrl })];
  text.push("--", ...footer);
  html.push(`<hr><p style="color:#555;font-size:90%">${footer.map(escapeHtml).join("<br>")}</p>`);
  return {
    from: platformAddress("offices", "Constituent"),
    to: { name: input.officeName, address: input.officeEmail },
    subject: m("digestSubjectLine", { count: total, date: DAY.format(new Date()) }),
    text: `${text.join("\n")}\n`,
    html: `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">${html.join("")}</body></html>`,
    messageId: input.messageId,
    headers: { "X-Constituent-Digest": input.digestId },
    attachments: [{ filename: `letters-${DAY.format(new Date())}.csv`, content: digestCsv(input.rows), contentType: "text/csv; charset=utf-8" }],
  };
}

/** Letters waiting for a digest whose time has come (or any, with `force`), one office or all. */
async function dueOffices(now: Date, opts: { office?: string; force?: boolean }): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .selectDistinct({ email: letters.deliveredTo })
    .from(letters)
    .where(
      and(
        isNotNull(letters.digestDueAt),
        isNotNull(letters.deliveredTo),
        or(eq(letters.status, "queued"), and(eq(letters.status, "sending"), sql`${letters.sendingAt} < now() - interval '15 minutes'`)),
        opts.force ? undefined : lte(letters.digestDueAt, now),
        opts.office ? eq(letters.deliveredTo, opts.office.trim().toLowerCase()) : undefined,
      ),
    );
  return rows.map((r) => r.email as string);
}

/**
 * Sends every digest that is due: the letters are claimed (queued → sending) with the digest's
 * row in one transaction, the email goes, then they settle as sent with the digest named, or go
 * back to waiting. `force` sends an office's waiting letters now (the `npm run digests` command
 * and the end-to-end stories).
 */
export async function sendDueDigests(opts: { now?: Date; office?: string; force?: boolean } = {}): Promise<{ digests: number; letters: number }> {
  const now = opts.now ?? new Date();
  let digests = 0;
  let sent = 0;
  for (const office of await dueOffices(now, opts)) {
    const n = await sendOneDigest(office, now, Boolean(opts.force));
    if (n > 0) {
      digests++;
      sent += n;
    }
  }
  return { digests, letters: sent };
}

async function sendOneDigest(officeEmail: string, now: Date, force: boolean): Promise<number> {
  const db = await getDb();
  const digestId = randomUUID();
  const messageId = `<digest-${digestId}@${env().MAIL_FROM_DOMAIN}>`;
  const claimed = await jobTransaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`digest:${officeEmail}`}))`);
    const waiting = and(eq(letters.deliveredTo, officeEmail), eq(letters.status, "queued"), isNotNull(letters.digestDueAt));
    // Letters whose signature is no longer confirmed never leave.
    await tx
      .update(letters)
      .set({ status: "cancelled", digestDueAt: null })
      .where(and(waiting, sql`not exists (select 1 from ${signatures} where ${signatures.id} = ${letters.signatureId} and ${signatures.status} = 'confirmed')`));
    // The address bounced since they joined: they wait for a corrected one, like any letter to it.
    const office = await getOffice(tx, officeEmail);
    if (office.bouncedAt) {
      await tx
        .update(letters)
        .set({ digestDueAt: null, bouncedAt: office.bouncedAt, lastError: `office address bounced on ${office.bouncedAt.toISOString().slice(0, 10)}; waiting for a corrected address` })
        .where(waiting);
      return [];
    }
    const rows = await tx
      .select({ id: letters.id, representativeId: letters.representativeId })
      .from(letters)
      .where(
        and(
          eq(letters.deliveredTo, officeEmail),
          isNotNull(letters.digestDueAt),
          or(eq(letters.status, "queued"), and(eq(letters.status, "sending"), sql`${letters.sendingAt} < now() - interval '15 minutes'`)),
          force ? undefined : lte(letters.digestDueAt, now),
          // A suspended organization's letters keep waiting (decision 0013), here as one by one.
          sql`not exists (select 1 from ${campaigns} join ${organizations} on ${organizations.id} = ${campaigns.organizationId} where ${campaigns.id} = ${letters.campaignId} and ${organizations.suspendedAt} is not null)`,
          sql`exists (select 1 from ${signatures} where ${signatures.id} = ${letters.signatureId} and ${signatures.status} = 'confirmed')`,
        ),
      )
      .orderBy(asc(letters.queuedAt))
      .limit(DIGEST_MAX_LETTERS);
    // The directory changed since they joined (a new member, another address): each goes back to
    // its own send job, which finds its office as it is now.
    const here = new Map<string, boolean>();
    for (const r of rows) {
      if (!here.has(r.representativeId)) {
        const d = await destinationFor(tx, r.representativeId);
        here.set(r.representativeId, d.kind === "office" && d.email === officeEmail);
      }
    }
    const moved = rows.filter((r) => !here.get(r.representativeId)).map((r) => r.id);
    if (moved.length) {
      await tx.update(letters).set({ status: "queued", digestDueAt: null, deliveredTo: null }).where(inArray(letters.id, moved));
      for (const id of moved) await enqueueInTx(tx, QUEUES.letter, { letterId: id });
    }
    const ids = rows.filter((r) => here.get(r.representativeId));
    if (ids.length === 0) return [];
    await tx.insert(officeDigests).values({ id: digestId, officeEmail, messageId, letterCount: ids.length });
    await tx
      .update(letters)
      .set({ status: "sending", sendingAt: sql`now()`, attempts: sql`${letters.attempts} + 1`, digestId })
      .where(inArray(letters.id, ids.map((i) => i.id)));
    return ids.map((i) => i.id);
  });
  if (claimed.length === 0) return 0;

  const rows = await loadDigestLetters(claimed);
  const [rep] = await db
    .select({ name: representatives.name, ridingFedNum: representatives.ridingFedNum, nameEn: ridings.nameEn, nameFr: ridings.nameFr })
    .from(representatives)
    .innerJoin(ridings, eq(ridings.fedNum, representatives.ridingFedNum))
    .where(and(sql`lower(${representatives.email}) = ${officeEmail}`, eq(representatives.current, true)))
    .limit(1);
  // The digest's language: the one most of its letters are written in (English or French).
  const fr = rows.filter((r) => r.locale === "fr").length;
  const locale = fr * 2 > rows.length ? "fr" : "en";
  const mail = buildDigestEmail({
    officeEmail,
    officeName: rep?.name ?? officeEmail,
    ridingName: rep ? (locale === "fr" ? rep.nameFr : rep.nameEn) : null,
    locale,
    campaigns: groupDigest(rows, rep?.ridingFedNum ?? null),
    rows,
    messageId,
    digestId,
    preferencesUrl: `${publicUrl()}${paths.office.preferences(locale, officeLinkToken(officeEmail))}`,
  });
  try {
    await sendMail({ ...mail, envelopeFrom: verpAddress(claimed[0]) });
  } catch (err) {
    const e = err instanceof MailError ? err : new MailError(String(err), false);
    const reason = redact(`${e.responseCode ?? "network"}: ${e.message}`).slice(0, 500);
    await db.transaction(async (tx) => {
      await tx.update(letters).set({ status: "queued", digestId: null, lastError: reason }).where(and(inArray(letters.id, claimed), eq(letters.status, "sending")));
      await tx.delete(officeDigests).where(eq(officeDigests.id, digestId));
      if (e.permanent && e.recipientRefused) {
        await tx
          .insert(offices)
          .values({ email: officeEmail, bouncedAt: now, bounceDetail: reason })
          .onConflictDoUpdate({ target: offices.email, set: { bouncedAt: now, bounceDetail: reason } });
        // Waiting for a corrected address: out of the digest, released by the directory.
        await tx.update(letters).set({ digestDueAt: null, bouncedAt: now, lastError: `office address bounced on ${now.toISOString().slice(0, 10)}; waiting for a corrected address` }).where(inArray(letters.id, claimed));
      }
    });
    log.warn("digest.failed", { digestId, letters: claimed.length, code: e.responseCode ?? null });
    return 0;
  }
  await db.transaction(async (tx) => {
    await tx
      .update(letters)
      .set({ status: "sent", sentAt: new Date(), digestDueAt: null, lastError: null })
      .where(and(inArray(letters.id, claimed), eq(letters.status, "sending")));
    for (const id of claimed) {
      await logEvent(tx, id, "sent", `in the office's digest ${digestId}`);
      await eraseAfterDelivery(tx, id);
    }
    await tx
      .insert(offices)
      .values({ email: officeEmail, lastDigestAt: new Date() })
      .onConflictDoUpdate({ target: offices.email, set: { lastDigestAt: new Date() } });
  });
  log.info("digest.sent", { digestId, letters: claimed.length });
  return claimed.length;
}

async function loadDigestLetters(ids: string[]): Promise<DigestLetter[]> {
  const db = await getDb();
  const rows = await db
    .select({
      id: letters.id,
      campaignId: letters.campaignId,
      campaignSlug: campaigns.slug,
      campaignLocales: campaigns.locales,
      organizationName: organizations.name,
      subject: letters.subject,
      body: letters.body,
      name: letters.senderName,
      email: letters.senderEmail,
      postalCode: letters.senderPostalCode,
      ridingFedNum: letters.senderRidingFedNum,
      ridingEn: ridings.nameEn,
      ridingFr: ridings.nameFr,
      personalScore: letters.personalScore,
      queuedAt: letters.queuedAt,
      createdAt: letters.createdAt,
      signatureLocale: signatures.locale,
    })
    .from(letters)
    .innerJoin(campaigns, eq(campaigns.id, letters.campaignId))
    .innerJoin(organizations, eq(organizations.id, campaigns.organizationId))
    .innerJoin(signatures, eq(signatures.id, letters.signatureId))
    .leftJoin(ridings, eq(ridings.fedNum, letters.senderRidingFedNum))
    .where(inArray(letters.id, ids))
    .orderBy(asc(letters.queuedAt));
  await openRows(db, rows, ["subject", "body", "name", "email", "postalCode"]);
  const campaignIds = [...new Set(rows.map((r) => r.campaignId))];
  const titles = await db.select({ campaignId: campaignContent.campaignId, locale: campaignContent.locale, title: campaignContent.title }).from(campaignContent).where(inArray(campaignContent.campaignId, campaignIds));
  return rows.map((r) => {
    const locale = letterLocalePreference(r.campaignLocales, r.signatureLocale).find((l) => r.campaignLocales.includes(l)) ?? "en";
    const title = titles.find((t) => t.campaignId === r.campaignId && t.locale === locale) ?? titles.find((t) => t.campaignId === r.campaignId);
    const { body, personal } = splitStored(r.body);
    return {
      id: r.id,
      campaignId: r.campaignId,
      campaignTitle: plainText(title?.title ?? r.campaignSlug),
      organizationName: r.organizationName,
      subject: r.subject,
      text: composeLetter(body, personal),
      name: r.name ?? "",
      email: r.email ?? "",
      postalCode: r.postalCode,
      ridingFedNum: r.ridingFedNum,
      ridingName: r.ridingEn ? (locale === "fr" ? r.ridingFr ?? r.ridingEn : r.ridingEn) : null,
      // Any words of their own, or any change to the template: the office reads it in full. Only
      // the template word for word (score 0, merge fields aside) is shown once for all.
      personal: personal.trim().length > 0 || r.personalScore > 0,
      writtenAt: r.queuedAt ?? r.createdAt,
      locale,
    };
  });
}

/* ------------------------------------------------------------------ the timer */

type Timers = { every?: NodeJS.Timeout; running?: boolean };
const timers: Timers = ((globalThis as Record<string, unknown>).__constituentDigests ??= {}) as Timers;

/** Every DIGEST_CHECK_SECONDS, in each worker; the per-office lock keeps two from sending one digest. */
export function startDigestTimer(): void {
  if (timers.every) return;
  timers.every = setInterval(() => {
    if (timers.running) return;
    timers.running = true;
    sendDueDigests()
      .then((r) => r.digests && log.info("digests.sent", r))
      .catch((err) => log.error("digests.failed", { error: err }))
      .finally(() => (timers.running = false));
  }, env().DIGEST_CHECK_SECONDS * 1000).unref();
}

export function stopDigestTimer(): void {
  clearInterval(timers.every);
  timers.every = undefined;
}
