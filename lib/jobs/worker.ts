import type PgBoss from "pg-boss";
import { deliverLetter } from "@/lib/letters/deliver";
import { sendExportNoticeMail } from "@/lib/organizer/export-mail";
import { sendInvitationEmail } from "@/lib/organizer/members";
import { sendSignInLinkMail } from "@/lib/organizer/sign-in-mail";
import { sendSupporterDataMail } from "@/lib/privacy/data-request";
import { sendRetentionWarningMail } from "@/lib/privacy/retention-mail";
import { sendApprovalEmail, sendConfirmationEmail } from "@/lib/signing/emails";
import { log, redact } from "@/lib/server/log";
import { startMaintenance, stopMaintenance } from "./maintenance";
import { startDashboardRefresh, stopDashboardRefresh } from "./dashboard-refresh";
import { MailError } from "@/lib/server/mail";
import { getQueue, queuePollSeconds, QUEUES, stopQueue, type QueueName } from "./queue";

/* ------------------------------------------------------------------ running jobs */

type JobData = { flowId?: string; signatureId?: string; letterId?: string; invitationId?: string; request?: string; campaignId?: string };
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

/** Runs one job and settles it on its own: one letter refused by the relay must not send others back. */
async function runOne(boss: PgBoss, name: QueueName, job: Job): Promise<boolean> {
  try {
    await runJob(name, job);
    return true;
  } catch (err) {
    if (err instanceof MailError && err.permanent) log.warn("job.permanent_failure", { queue: name, jobId: job.id });
    await boss.fail(name, job.id, { message: redact(err instanceof Error ? err.message : String(err)) }).catch((e) => log.error("job.fail_failed", { queue: name, error: e }));
    return false;
  }
}

/**
 * Runs a fetched batch and keeps the queue's slots full while it is busy: as soon as a slot
 * frees, more jobs are fetched, so one slow send never holds nine idle slots (a surge of letters
 * keeps every pooled SMTP connection busy). Successes settle in batched statements; if that fails
 * (database gone) the jobs expire and run again: letters are protected by their claim, a
 * confirmation email may go twice. Fetching stops after DRAIN_MS, then pg-boss's poll resumes.
 */
async function runPipelined(boss: PgBoss, name: QueueName, first: Job[]): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  let done: string[] = [];
  const settle = async () => {
    if (done.length === 0) return;
    const ids = done;
    done = [];
    await boss.complete(name, ids).catch((e) => log.error("job.complete_failed", { queue: name, error: e }));
  };
  const launch = (job: Job) => {
    const p: Promise<void> = runOne(boss, name, job).then((ok) => {
      if (ok) done.push(job.id);
      inFlight.delete(p);
    });
    inFlight.add(p);
  };
  first.forEach(launch);
  const until = Date.now() + DRAIN_MS;
  let empty = false;
  while (inFlight.size > 0) {
    if (!empty && Date.now() < until && inFlight.size < WORKER_BATCH) {
      const more = (await boss.fetch(name, { batchSize: WORKER_BATCH - inFlight.size, includeMetadata: true })) as Job[] | null;
      if (more && more.length > 0) {
        more.forEach(launch);
        continue;
      }
      empty = true;
    }
    await Promise.race(inFlight);
    // A slot freed: look again (jobs may have arrived), one fetch per finished job at most.
    empty = false;
    if (done.length >= WORKER_BATCH) await settle();
  }
  await settle();
}

/** Starts in-process workers that poll the queues (the default; `npm run worker` runs them alone). */
export async function startWorkers(opts: { queues?: QueueName[] } = {}): Promise<PgBoss> {
  const boss = await getQueue();
  for (const name of opts.queues ?? Object.values(QUEUES)) {
    await boss.work<JobData>(
      name,
      { includeMetadata: true, batchSize: WORKER_BATCH, pollingIntervalSeconds: queuePollSeconds() },
      // pg-boss waits a whole polling interval after every batch: while the queue is busy (a surge
      // of letters), the pipeline keeps fetching instead.
      async (jobs) => runPipelined(boss, name, jobs as Job[]),
    );
  }
  startMaintenance();
  startDashboardRefresh();
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
  await stopQueue();
}
