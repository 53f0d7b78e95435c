import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "../..");

/** `npm run test:fault`: process-level fault tests on PostgreSQL (see scripts/test-fault.mjs). */
export default defineConfig({
  root,
  resolve: { alias: { "@": root } },
  test: {
    include: ["test/fault/**/*.fault.ts"],
    globalSetup: ["test/global-setup.ts"],
    pool: "forks",
    // One at a time: they start servers and workers, and the machine has two cores.
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    env: {
      AUTH_SECRET: "test-secret-test-secret-test-secret-0123456789",
      DATA_ENCRYPTION_KEY: "7e57c0de7e57c0de7e57c0de7e57c0de7e57c0de7e57c0de7e57c0de7e57c0de",
      LOG_LEVEL: "silent",
      MAIL_FROM_DOMAIN: "constituent.test",
      PUBLIC_URL: "http://localhost:3999",
    },
  },
});
