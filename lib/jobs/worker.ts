import type PgBoss from "pg-boss";
import { deliverLetter } from "@/lib/letters/deliver";
import { sendExportNoticeMail } from "@/lib/organizer/export-mail";
import { sendInvitationEmail } from "@/lib/organizer/members";
import { sendSignInLinkMail } from "@/lib/organizer/sign-in-mail";
import { sendSupporterDataMail } from "@/lib/privacy/data-request";
import { sendRetentionWarningMail } from "@/lib/privacy/retention-mail";
import { sendApprovalEmail, sendConfirmationEmail } from "@/lib/signing/emails";
import { sendOfficeSignInMail } from "@/lib/offices/inbox";
import { sendOfficePreferencesMail } from "@/lib/offices/preferences";
import { startDigestTimer, stopDigestTimer } from "@/lib/offices/digest";
import { sendUpdateBatch, sendUpdateTest } from "@/lib/updates/send";
import { log, redact } from "@/lib/server/log";
import { startMaintenance, stopMaintenance } from "./maintenance";
import { startDashboardRefresh, stopDashboardRefresh } from "./dashboard-refresh";
import { MailError } from "@/lib/server/mail";
import { getQueue, queuePollSeconds, QUEUES, stopQueue, type QueueName } from "./queue";

/* ------------------------------------------------------------------ running jobs */

type JobData = { flowId?: string; signatureId?: string; letterId?: string; invitationId?: string; request?: string; campaignId?: string; signIn?: string; updateId?: string; userId?: string };
type Job = PgBoss.JobWithMetadata<JobData>;

async function runJob(name: QueueName, job: Job): Promise<void> {
  if (name === QUEUES.confirmationMail) {
    await sendConfirmationEmail({ flowId: job.data.flowId, signatureId: job.data.signatureId });
    return;
  }
  if (name === QUEUES.approvalMail) {
    await sendApprovalEmail(String(job.data.letterId));
    return;
  }
  if (name === QUEUES.invitationMail) {
    await sendInvitationEmail(String(job.data.invitationId));
    return;
  }
  if (name === QUEUES.exportNoticeMail) {
    await sendExportNoticeMail(job.data);
    return;
  }
  if (name === QUEUES.signInMail) {
    await sendSignInLinkMail(String(job.data.request));
    return;
  }
  if (name === QUEUES.dataAccessMail) {
    await sendSupporterDataMail(String(job.data.request));
    return;
  }
  if (name === QUEUES.retentionWarningMail) {
    await sendRetentionWarningMail(String(job.data.campaignId));
    return;
  }
  if (name === QUEUES.officeMail) {
    if (job.data.signIn) await sendOfficeSignInMail(job.data.signIn);
    else await sendOfficePreferencesMail(String(job.data.request));
    return;
  }
  if (name === QUEUES.updateBatch) {
    await sendUpdateBatch(String(job.data.updateId));
    return;
  }
  if (name === QUEUES.updateTestMail) {
    await sendUpdateTest(String(job.data.updateId), String(job.data.userId));
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
        await boss.fail(name, job.id, { message: redact(err instanceof Error ? err.message : String(err)) }).catch((e) => log.error("job.fail_failed", { queue: name, error: e }));
      }
    }),
  );
  // The batch's successes settle in one statement.
  // If that fails (database gone), the jobs expire and run again: letters are protected by their
  // claim, a confirmation email may go twice.
  if (done.length > 0) await boss.complete(name, done).catch((e) => log.error("job.complete_failed", { queue: name, error: e }));
}

/**
 * Letters have two batch loops side by side: while one loop's batch waits on the database (claim,
 * settle), the other's sends, so the SMTP connections are not idle between batches. `npm run bench`
 * (letters row, PostgreSQL): one loop 67 letters/s, two 95, three 93-97; the claim keeps two loops
 * from sending one letter (0 duplicates in every run). At most 2 × WORKER_BATCH letters are in
 * flight, so a confirmation email shares the SMTP pool with at most twenty sends ahead of it.
 * Every other queue keeps one loop.
 */
const WORKERS_PER_QUEUE: Partial<Record<QueueName, number>> = { [QUEUES.letter]: 2 };

async function workOn(boss: PgBoss, name: QueueName): Promise<void> {
  await boss.work<JobData>(
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

/** Starts in-process workers that poll the queues (the default; `npm run worker` runs them alone). */
export async function startWorkers(opts: { queues?: QueueName[] } = {}): Promise<PgBoss> {
  const boss = await getQueue();
  for (const name of opts.queues ?? Object.values(QUEUES)) {
    for (let w = 0; w < (WORKERS_PER_QUEUE[name] ?? 1); w++) await workOn(boss, name);
  }
  startMaintenance();
  startDashboardRefresh();
  startDigestTimer();
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
          await boss.fail(name, job.id, { message: redact(err instanceof Error ? err.message : String(err)) });
        }
      }
    }
  }
  return ran;
}

/** Stops housekeeping and the queue (its workers finish the jobs in hand). */
export async function stopWorkers(): Promise<void> {
  stopMaintenance();
  stopDashboardRefresh();
  stopDigestTimer();
  await stopQueue();
}
