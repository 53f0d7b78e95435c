import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3210);
// Next rewrites loopback hosts to localhost in links; use it so cookies match (toolchain.md).
const baseURL = `http://localhost:${PORT}`;
const systemChromium = "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  // Each story owns its data (e2e/fixtures.ts `world`), so stories run side by side. Two workers on
  // a two-core machine; E2E_WORKERS overrides.
  fullyParallel: true,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: 0,
  // Stories are long (twenty-five sign-and-confirm rounds, three browsers, an axe run on every page
  // load); two workers share two cores with the server they drive, so a story takes up to twice as
  // long as it does alone: the longest (an export approved by a second owner, the Armenian
  // organizer) take 90 s in CI, 55 s alone. A hung story still fails, after three minutes.
  timeout: 180_000,
  expect: { timeout: 10_000 },
  reporter: "list",
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: existsSync(systemChromium)
      ? {
          executablePath: systemChromium,
          args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        }
      : {},
  },
  projects: [
    { name: "phone", use: { ...devices["Pixel 7"], browserName: "chromium" } },
  ],
  webServer: {
    // Runs the test build (`CONSTITUENT_TEST_HOOKS=1 next build` first: webServer does not build)
    // on a fresh embedded database.
    command: `node scripts/e2e-server.mjs`,
    url: `${baseURL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: { PORT: String(PORT), PUBLIC_URL: baseURL },
    stdout: "pipe",
    stderr: "pipe",
  },
});
