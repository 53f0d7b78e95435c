import path from "node:path";
import { defineConfig } from "vitest/config";
import { TEST_ENV } from "../env";

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
    env: { ...TEST_ENV },
  },
});
