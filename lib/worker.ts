import type PgBoss from "pg-boss";
import { eq, sql } from "drizzle-orm";
import { campaignContent, campaigns, organizations, signatures, supporters } from "@/db/schema";
import { signatureEmailSql } from "./addresses";
import { getDb } from "./db";
import { publicUrl } from "./env";
import { format, getMessages } from "./i18n";
import { deliverLetter } from "./letters";
import { log } from "./log";
import { startMaintenance } from "./maintenance";
import { MailError, platformAddress, sendMail } from "./mail";
import { escapeHtml, plainText } from "./markdown";
import { getQueue, queuePollSeconds, QUEUES, type QueueName } from "./queue";
import { issueTokens, TOKEN_TTL_HOURS } from "./tokens";

/* ------------------------------------------------------------------ confirmation email */

/**
 * Writes the confirmation email. Tokens are made here, at send time, so no usable link ever sits
 * in the job table. An already-confirmed signature gets an "already signed" note that still carries
 * a confirm link: it releases any letter written since, and proves nothing to whoever re-signed.
 */
export async function sendConfirmationEmail(signatureId: string): Promise<"sent" | "skipped"> {
  const db = await getDb();
  const [s] = await db
    .select({
      id: signatures.id,
      status: signatures.status,
      flagReason: signatures.flagReason,
      locale: signatures.locale,
      consent: signatures.consentToContact,
      email: signatureEmailSql,
      campaignId: campaigns.id,
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
  if (!s || s.status === "invalidated" || s.flagReason === "honeypot") return "skipped";
  const title = plainText(s.title ?? s.slug);
  const m = getMessages(s.locale).emails;
  const base = publicUrl();

  const [confirm, manage, unsubscribe] = await issueTokens(db, ["confirm", "manage", "unsubscribe"], s.id);
  const confirmUrl = `${base}/${s.locale}/confirm/${confirm.token}`;
  const statusUrl = `${base}/${s.locale}/s/${manage.token}`;
  const unsubscribeUrl = `${base}/${s.locale}/unsubscribe/${unsubscribe.token}`;
  const oneClickUrl = `${base}/api/unsubscribe/${unsubscribe.token}`;

  const already = s.status === "confirmed";
  const paragraphs = [
    already ? format(m.alreadyConfirmedBody, { title }) : format(m.confirmIntro, { title }),
    `${m.confirmAction}\n${confirmUrl}`,
    format(m.confirmCode, { code: confirm.code ?? "" }),
    format(m.confirmExpiry, { hours: TOKEN_TTL_HOURS.confirm }),
    `${m.statusLine}\n${statusUrl}`,
    m.confirmIgnore,
    `${format(m.unsubscribeLine, { organization: s.orgName })}\n${unsubscribeUrl}`,
  ];
  const text = paragraphs.join("\n\n") + "\n";
  const html = `<!doctype html><html lang="${s.locale}"><body style="font-family:sans-serif;line-height:1.5">${paragraphs
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>").replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>')}</p>`)
    .join("")}</body></html>`;

  await sendMail({
    from: platformAddress("no-reply", "Constituent"),
    to: { address: s.email },
    subject: format(already ? m.alreadyConfirmedSubject : m.confirmSubject, { title }),
    text,
    html,
    headers: {
      // RFC 8058 one-click unsubscribe on every supporter email.
      "List-Unsubscribe": `<${oneClickUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "X-Constituent-Campaign": s.slug,
    },
  });
  log.info("mail.confirmation_sent", { signatureId: s.id });
  return "sent";
}

/* ------------------------------------------------------------------ running jobs */

type Job = PgBoss.JobWithMetadata<{ signatureId?: string; letterId?: string }>;

async function runJob(name: QueueName, job: Job): Promise<void> {
  if (name === QUEUES.confirmationMail) {
    await sendConfirmationEmail(String(job.data.signatureId));
    return;
  }
  if (name === QUEUES.letter) {
    const finalAttempt = job.retryCount >= job.retryLimit;
    const outcome = await deliverLetter(String(job.data.letterId), { finalAttempt });
    // Throwing hands the job back to pg-boss, which retries it later with backoff.
    if (outcome === "retry") throw new Error("temporary delivery failure");
  }
}

/** Jobs fetched at once; they run together, so pooled SMTP connections are used in parallel. */
const WORKER_BATCH = 10;
/** A busy queue is drained without waiting for the next poll, for at most this long per turn. */
const DRAIN_MS = 5_000;

/**
 * Each job settles on its own: one letter refused by the relay must not send the others of its
 * batch back to the queue. The claim keeps two attempts from sending one letter.
 */
async function runBatch(boss: PgBoss, name: QueueName, jobs: Job[]): Promise<void> {
  const done: string[] = [];
  await Promise.all(
    jobs.map(async (job) => {
      try {
        await runJob(name, job);
        done.push(job.id);
      } catch (err) {
        if (err instanceof MailError && err.permanent) log.warn("job.permanent_failure", { queue: name, jobId: job.id });
        await boss.fail(name, job.id, { message: err instanceof Error ? err.message : String(err) }).catch((e) => log.error("job.fail_failed", { queue: name, error: e }));
      }
    }),
  );
  // The batch's successes settle in one statement.
  // If that fails (database gone), the jobs expire and run again: letters are protected by their
  // claim, a confirmation email may go twice.
  if (done.length > 0) await boss.complete(name, done).catch((e) => log.error("job.complete_failed", { queue: name, error: e }));
}

/** Starts in-process workers that poll the queues (the default; `npm run worker` runs them alone). */
export async function startWorkers(opts: { queues?: QueueName[] } = {}): Promise<PgBoss> {
  const boss = await getQueue();
  for (const name of opts.queues ?? Object.values(QUEUES)) {
    await boss.work<{ signatureId?: string; letterId?: string }>(
      name,
      { includeMetadata: true, batchSize: WORKER_BATCH, pollingIntervalSeconds: queuePollSeconds() },
      async (jobs) => {
        await runBatch(boss, name, jobs as Job[]);
        // pg-boss waits a whole polling interval after every batch: while the queue is busy
        // (a surge of letters), keep fetching instead.
        const until = Date.now() + DRAIN_MS;
        while (Date.now() < until) {
          const more = (await boss.fetch(name, { batchSize: WORKER_BATCH, includeMetadata: true })) as Job[] | null;
          if (!more || more.length === 0) break;
          await runBatch(boss, name, more);
        }
      },
    );
  }
  startMaintenance();
  log.info("worker.started", { queues: opts.queues ?? Object.values(QUEUES) });
  return boss;
}

/**
 * Runs what is waiting now, once, and returns how many jobs ran. Tests and tools use it to drain
 * the queue deterministically; `ignoreStartAfter` also takes jobs waiting out a retry backoff.
 */
export async function processAvailableJobs(opts: { ignoreBackoff?: boolean; queues?: QueueName[] } = {}): Promise<number> {
  const boss = await getQueue();
  let ran = 0;
  for (const name of opts.queues ?? Object.values(QUEUES)) {
    // Bounded: with ignoreBackoff, a letter deferred to tomorrow would otherwise be fetched forever.
    for (let round = 0; round < 50; round++) {
      const jobs = (await boss.fetch(name, {
        batchSize: 20,
        includeMetadata: true,
        ignoreStartAfter: opts.ignoreBackoff ?? false,
      })) as Job[] | null;
      if (!jobs || jobs.length === 0) break;
      for (const job of jobs) {
        ran++;
        try {
          await runJob(name, job);
          await boss.complete(name, job.id);
        } catch (err) {
          await boss.fail(name, job.id, { message: err instanceof Error ? err.message : String(err) });
        }
      }
    }
  }
  return ran;
}

