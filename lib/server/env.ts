import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * The only reader of process.env. Everything configurable is declared here, validated once,
 * and a bad value stops the process at start with a message naming the variable.
 */
const boolish = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const masterKeyText = z
  .string()
  .trim()
  .refine(
    (v) => /^[0-9a-f]{64}$/i.test(v) || (/^[A-Za-z0-9_-]{43}=?$/.test(v) && Buffer.from(v, "base64url").length === 32),
    "must be 32 random bytes, as 64 hex digits or 43 base64url characters (openssl rand -hex 32)",
  )
  .optional()
  .or(z.literal("").transform(() => undefined));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  PGLITE_DIR: z.string().default(".data/pglite"),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  MAIL_SINK_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  MAIL_FROM_DOMAIN: z.string().default("constituent.localhost"),
  PUBLIC_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /**
   * The master key of encryption at rest (decision 0027): 32 random bytes, base64url or hex. It
   * wraps the data keys kept in the database; `npm start` generates one into .data/ on the
   * embedded default. During a master-key rotation the old one goes in DATA_ENCRYPTION_KEY_PREVIOUS.
   */
  DATA_ENCRYPTION_KEY: masterKeyText,
  DATA_ENCRYPTION_KEY_PREVIOUS: masterKeyText,
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  WORKER_MODE: z.enum(["inline", "off"]).default("inline"),
  QUEUE_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(1),
  LETTER_DAILY_CAP_PER_OFFICE: z.coerce.number().int().min(1).default(200),
  /** A letter left "sending" by a dead worker may be claimed again after this many seconds. */
  LETTER_SENDING_LEASE_SECONDS: z.coerce.number().int().min(1).default(90),
  /** A letter job still active after this long is failed by pg-boss and retried. Must exceed the lease. */
  LETTER_JOB_EXPIRE_SECONDS: z.coerce.number().int().min(2).default(120),
  /** First retry delay of a letter job (doubling with backoff). */
  LETTER_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).default(30),
  /** How often pg-boss looks for expired jobs. */
  QUEUE_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).default(120),
  /** Sign-in links mailed to one address per hour (the per-IP limit is six times this). */
  SIGN_IN_LINKS_PER_HOUR: z.coerce.number().int().min(1).default(5),
  /**
   * Bounces (decision 0029). With a port, the app runs an inbound SMTP listener for delivery status
   * notifications addressed to its VERP return paths (point the MX of MAIL_FROM_DOMAIN's bounce
   * host at it). BOUNCE_SMTP_HOST is the interface it listens on.
   */
  BOUNCE_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional().or(z.literal("").transform(() => undefined)),
  BOUNCE_SMTP_HOST: z.string().default("0.0.0.0"),
  /** A relay that posts bounces to /api/bounces sends this as `Authorization: Bearer <secret>`. */
  BOUNCE_WEBHOOK_SECRET: z.string().min(32, "must be at least 32 characters").optional().or(z.literal("").transform(() => undefined)),
  /** How often a worker looks for offices' digests that are due. */
  DIGEST_CHECK_SECONDS: z.coerce.number().int().min(5).default(300),
  /**
   * Updates to supporters (decision 0032) leave at most this many mails a minute per update, in
   * batches every UPDATE_BATCH_SECONDS, so a relay's limits and receivers' reputation hold.
   */
  UPDATE_MAILS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(120),
  UPDATE_BATCH_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
  SEED_DEMO: z.enum(["auto", "always", "never"]).default("auto"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /**
   * Serves the test and benchmark hooks (lib/testing/hooks.ts). They exist only in the build made
   * with this flag (.next-test); a production build has no such route whatever this says.
   */
  CONSTITUENT_TEST_HOOKS: boolish,
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** For tests that change the environment between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}

export function isEmbeddedDatabase(): boolean {
  return !env().DATABASE_URL;
}

export function isMailSink(): boolean {
  return !env().SMTP_URL;
}

export function publicUrl(): string {
  return (env().PUBLIC_URL ?? `http://localhost:${env().PORT}`).replace(/\/$/, "");
}

/**
 * AUTH_SECRET signs cookies and sessions. It must come from the environment; on the embedded
 * default `npm start` generates one into .data/ (git-ignored) and passes it in.
 */
export function authSecret(): string {
  const s = env().AUTH_SECRET;
  if (!s) throw new Error("AUTH_SECRET is not set (see README, Configuration)");
  return s;
}

/** Cookies are Secure whenever the site is served over HTTPS (always in production behind TLS). */
export function secureCookies(): boolean {
  return publicUrl().startsWith("https://");
}

/** The master key of encryption at rest, and the previous one during a rotation (decision 0027). */
export function dataEncryptionKeys(): { current: string; previous: string | null } {
  const e = env();
  const current = e.DATA_ENCRYPTION_KEY ?? (isEmbeddedDatabase() ? embeddedMasterKey(e.PGLITE_DIR) : undefined);
  if (!current) throw new Error("DATA_ENCRYPTION_KEY is not set: it is required with DATABASE_URL (see README, Configuration)");
  return { current, previous: e.DATA_ENCRYPTION_KEY_PREVIOUS ?? null };
}

/**
 * On the embedded default the master key lives beside the database, in `.data/` (git-ignored),
 * made on first use, as `npm start` does; commands such as `npm run org:create` find it there.
 */
let embeddedKey: string | undefined;
function embeddedMasterKey(pgliteDir: string): string {
  if (embeddedKey) return embeddedKey;
  const file = path.join(path.dirname(path.resolve(pgliteDir)), "data-encryption-key");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
    } catch (err) {
      // Another process made it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  embeddedKey = readFileSync(file, "utf8").trim();
  return embeddedKey;
}
