import PgBoss from "pg-boss";
import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/lib/server/db";
import { getDb, getDbHandle } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { log } from "@/lib/server/log";

/**
 * Durable jobs on the same PostgreSQL (or PGlite) as the data, through pg-boss. A job is written
 * in the same transaction as the state change that causes it (see enqueueInTx), so a committed
 * change always has its job and a rolled-back one never does.
 */
export const QUEUES = {
  confirmationMail: "mail-confirmation",
  /** A held letter mailed in full to the address's owner for approval (decision 0014). */
  approvalMail: "mail-letter-approval",
  letter: "letter-send",
  /** An organization's invitation to a new member (no secret in it: the invitee signs in by email). */
  invitationMail: "mail-invitation",
  /** A request for an organizer's sign-in link: the address sealed, membership decided by the worker. */
  signInMail: "mail-sign-in",
  /** Export approval (decision 0025): a request to the other owners, a decision to the requester, approval turned off. */
  exportNoticeMail: "mail-export-notice",
  /** "What do you hold about me?": the address sealed, what to mail decided by the worker (decision 0023). */
  dataAccessMail: "mail-data-access",
  /** A week before a campaign's supporters are anonymised, its organization's owners are told. */
  retentionWarningMail: "mail-retention-warning",
  /** An MP's office: a preference change to confirm, or a sign-in link (sealed; decided by the worker). */
  officeMail: "mail-office",
  /** Updates to supporters (decision 0032): one job per batch of an update being sent, each queuing the next. */
  updateBatch: "update-batch",
  /** An update's test, mailed to the member who asked for it (the user id in the job; the address read at send). */
  updateTestMail: "mail-update-test",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

type QueuePolicy = { retryLimit: number; retryDelay: number; retryBackoff: boolean; expireInSeconds: number };

/** Retry policy per queue (defaults): SMTP down means delayed, not lost. */
export const QUEUE_POLICIES: Record<QueueName, { retryLimit: number; retryDelay: number; retryBackoff: boolean; expireInSeconds: number }> = {
  [QUEUES.confirmationMail]: { retryLimit: 8, retryDelay: 15, retryBackoff: true, expireInSeconds: 60 },
  [QUEUES.approvalMail]: { retryLimit: 8, retryDelay: 15, retryBackoff: true, expireInSeconds: 60 },
  [QUEUES.invitationMail]: { retryLimit: 8, retryDelay: 15, retryBackoff: true, expireInSeconds: 60 },
  [QUEUES.exportNoticeMail]: { retryLimit: 8, retryDelay: 15, retryBackoff: true, expireInSeconds: 60 },
  // A link is worth something for minutes only: a few quick retries, then the organizer asks again.
  [QUEUES.signInMail]: { retryLimit: 3, retryDelay: 10, retryBackoff: false, expireInSeconds: 60 },
  [QUEUES.dataAccessMail]: { retryLimit: 3, retryDelay: 10, retryBackoff: false, expireInSeconds: 60 },
  [QUEUES.retentionWarningMail]: { retryLimit: 8, retryDelay: 60, retryBackoff: true, expireInSeconds: 60 },
  [QUEUES.officeMail]: { retryLimit: 3, retryDelay: 10, retryBackoff: false, expireInSeconds: 60 },
  // A failed batch is retried; each recipient's own attempts are counted on its delivery row.
  [QUEUES.updateBatch]: { retryLimit: 20, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 },
  [QUEUES.updateTestMail]: { retryLimit: 3, retryDelay: 10, retryBackoff: false, expireInSeconds: 60 },
  // 12 retries with backoff from 30 s span roughly a day and a half of relay outage.
  [QUEUES.letter]: { retryLimit: 12, retryDelay: 30, retryBackoff: true, expireInSeconds: 120 },
};

/**
 * The policy a job is sent with: the defaults, with the letter queue's expiry and retry delay from
 * the environment (the fault tests shorten them to seconds; see docs/decisions/0009).
 */
export function queuePolicy(name: QueueName): QueuePolicy {
  const base = QUEUE_POLICIES[name];
  if (name !== QUEUES.letter) return base;
  const e = env();
  return { ...base, expireInSeconds: e.LETTER_JOB_EXPIRE_SECONDS, retryDelay: e.LETTER_RETRY_DELAY_SECONDS };
}

/** `last` outlives stopQueue: a transaction already under way when the process is asked to stop still writes its job. */
type QueueRegistry = { boss?: PgBoss; last?: PgBoss; starting?: Promise<PgBoss> };
const registry: QueueRegistry = ((globalThis as Record<string, unknown>).__constituentQueue ??= {}) as QueueRegistry;

export async function getQueue(): Promise<PgBoss> {
  if (registry.boss) return registry.boss;
  if (!registry.starting) {
    registry.starting = (async () => {
      const handle = await getDbHandle();
      const common = { schedule: false, supervise: true, migrate: true, maintenanceIntervalSeconds: env().QUEUE_MAINTENANCE_SECONDS } as const;
      const boss =
        handle.kind === "postgres"
          ? new PgBoss({ ...common, connectionString: handle.connectionString, max: 4 })
          : new PgBoss({ ...common, db: { executeSql: (text, values) => handle.exec(text, values) } });
      boss.on("error", (err) => log.error("queue.error", { error: err }));
      await boss.start();
      for (const name of Object.values(QUEUES)) {
        await boss.createQueue(name, { name, policy: "standard", ...queuePolicy(name) });
      }
      registry.boss = boss;
      registry.last = boss;
      return boss;
    })().finally(() => {
      registry.starting = undefined;
    });
  }
  return registry.starting;
}

/** pg-boss speaks $1..$n SQL; run it through the caller's Drizzle transaction. */
function txExecutor(tx: Tx): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const parts = text.split(/\$(\d+)/);
      let query: SQL = sql.raw(parts[0]);
      for (let i = 1; i < parts.length; i += 2) {
        const value = values[Number(parts[i]) - 1] ?? null; // Drizzle drops undefined params
        query = sql`${query}${value}${sql.raw(parts[i + 1])}`;
      }
      const result = (await tx.execute(query)) as unknown as { rows: unknown[] };
      return { rows: result.rows };
    },
  };
}

/**
 * A transaction that may enqueue jobs. The queue is started first: on PGlite a transaction holds
 * the only connection, so starting pg-boss inside one would wait on itself forever.
 */
export async function jobTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  await getQueue();
  const db = await getDb();
  return db.transaction(fn);
}

/** Adds a job inside the caller's transaction: it exists if and only if the transaction commits. */
export async function enqueueInTx(
  tx: Tx,
  name: QueueName,
  data: Record<string, unknown>,
  options: PgBoss.SendOptions = {},
): Promise<string | null> {
  // The job is written through the caller's transaction, so a queue stopped meanwhile (graceful
  // shutdown under load) can still send it.
  const boss = registry.boss ?? registry.last;
  if (!boss) throw new Error("enqueueInTx needs a started queue: use jobTransaction()");
  return boss.send(name, data, { ...queuePolicy(name), ...options, db: txExecutor(tx) });
}

export async function stopQueue(): Promise<void> {
  const boss = registry.boss;
  registry.boss = undefined;
  if (boss) await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
}

export function queuePollSeconds(): number {
  return env().QUEUE_POLL_SECONDS;
}

/**
 * Jobs that are due or running now (not those waiting out a backoff or a later start): the local
 * mailbox's tools wait for this to reach zero before saying "nothing more will be sent".
 */
export async function countDueJobs(): Promise<number> {
  await getQueue();
  const db = await getDb();
  const names = sql.join(Object.values(QUEUES).map((n) => sql`${n}`), sql`, `);
  const result = (await db.execute(
    sql`select count(*)::int as n from pgboss.job where name in (${names}) and state in ('created', 'retry', 'active') and start_after <= now()`,
  )) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]?.n ?? 0);
}
