/**
 * The environment every test process runs with: the Vitest workers (vitest.config.ts `test.env`)
 * and the global setup that builds the PostgreSQL template, which must seal with the same master
 * key as the tests that open its keys.
 */
export const TEST_ENV = {
  AUTH_SECRET: "test-secret-test-secret-test-secret-0123456789",
  DATA_ENCRYPTION_KEY: "7e57c0de7e57c0de7e57c0de7e57c0de7e57c0de7e57c0de7e57c0de7e57c0de",
  LOG_LEVEL: "silent",
  MAIL_FROM_DOMAIN: "constituent.test",
  PUBLIC_URL: "http://localhost:3999",
} as const;
