import { expect, test } from "@playwright/test";
import { DEMO_SLUG, waitForMail } from "./fixtures";

test("a visitor opens the home page, follows the demo campaign, switches to French and sees the count and sources", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/en$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByRole("link", { name: /Canadian sensors, foreign wars/ }).click();
  await expect(page).toHaveURL(new RegExp(`/en/campaigns/${DEMO_SLUG}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Canadian sensors");
  await expect(page.getByText("This is demonstration content from a fictional organization.")).toBeVisible();
  await expect(page.getByTestId("signature-count")).toHaveText(/^\d[\d,]* of 5,000 verified signatures$/);
  const evidence = page.getByTestId("evidence").getByRole("listitem");
  await expect(evidence).toHaveCount(4);
  await expect(evidence.nth(3)).toContainText("Canada cancels 29 export permits");
  await expect(evidence.nth(3).locator("time")).toHaveAttribute("datetime", "2021-04-12");

  await page.getByRole("link", { name: "Français" }).click();
  await expect(page).toHaveURL(new RegExp(`/fr/campaigns/${DEMO_SLUG}$`));
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Capteurs canadiens");
  await expect(page.getByTestId("signature-count")).toHaveText(/signatures vérifiées sur 5\s000$/);
  await expect(page.getByRole("heading", { name: "Preuves" })).toBeVisible();
  await expect(page.getByTestId("evidence").getByRole("listitem").first().locator("time")).toHaveText(/2019/);
  await expect(page.getByRole("link", { name: "Signer et écrire à mon député" })).toBeVisible();
});

test("a developer sends a test message through the real SMTP sink and reads it in the local mailbox", async ({ page, request }) => {
  await page.goto("/en/dev/mailbox");
  await page.getByRole("button", { name: "Send a test message" }).click();
  const [message] = await waitForMail(request, "developer@constituent.localhost");
  expect(message.subject).toBe("Constituent mailbox test");
  expect(message.headers["Message-ID"] ?? message.headers["Message-Id"]).toBeTruthy();
  await page.goto("/en/dev/mailbox");
  await page.getByRole("link", { name: "Constituent mailbox test" }).first().click();
  await expect(page.getByTestId("mail-text")).toContainText("travelled through SMTP to the local mail sink");
  await expect(page.getByRole("cell", { name: "developer@constituent.localhost" }).first()).toBeVisible();
});

test("the health check reports the database", async ({ request }) => {
  const r = await request.get("/api/health");
  expect(r.status()).toBe(200);
  // npm test runs the suites on PGlite, then on PostgreSQL (E2E_DATABASE_URL).
  expect(await r.json()).toMatchObject({ ok: true, database: process.env.E2E_DATABASE_URL ? "postgres" : "pglite", mail: "sink" });
});
