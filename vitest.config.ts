import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": import.meta.dirname } },
  test: {
    include: ["lib/**/*.test.ts", "db/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    pool: "forks",
    // Two cores: more workers only contend for them.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      AUTH_SECRET: "test-secret-test-secret-test-secret-0123456789",
      DATA_ENCRYPTION_KEY: "7e57c0de7e57c0de7e57c0de7e57c0de7e57c0de7e57c0de7e57c0de7e57c0de",
      LOG_LEVEL: "silent",
      MAIL_FROM_DOMAIN: "constituent.test",
      PUBLIC_URL: "http://localhost:3999",
    },
  },
});
