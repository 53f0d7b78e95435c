import { expect, test } from "@playwright/test";

// The languages the site speaks, as the switch names them (lib/i18n/config.ts LANGUAGES).
const LANGUAGES = [
  { code: "en", name: "English" },
  { code: "fr", name: "Français" },
];

test("a visitor finds every language in the switch, each link keeping the page she is on", async ({ page }) => {
  await page.goto("/en/privacy");
  for (const { code, name } of LANGUAGES) {
    const link = page.getByRole("link", { name, exact: true });
    await expect(link).toHaveAttribute("hreflang", code);
    await expect(link).toHaveAttribute("href", `/${code}/privacy?lang=${code}`);
  }
  await expect(page.getByRole("link", { name: "English", exact: true })).toHaveAttribute("aria-current", "true");

  await page.getByRole("link", { name: "Français", exact: true }).click();
  await expect(page).toHaveURL(/\/fr\/privacy$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Confidentialité");
  await expect(page.getByRole("link", { name: "Français", exact: true })).toHaveAttribute("aria-current", "true");

  await page.getByRole("link", { name: "English", exact: true }).click();
  await expect(page).toHaveURL(/\/en\/privacy$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Privacy");
});

test.describe("a French-speaking visitor", () => {
  test.use({ locale: "fr-CA", extraHTTPHeaders: { "Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5" } });

  test("who opens the bare address lands on the French home page", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/fr$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Campagnes");
  });

  test("who chose English in the switch keeps English on the bare address, whatever her browser says", async ({ page, context }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/fr$/);
    await page.getByRole("link", { name: "English", exact: true }).click();
    await expect(page).toHaveURL(/\/en$/);
    const cookie = (await context.cookies()).find((c) => c.name === "cst_lang");
    expect(cookie?.value).toBe("en");
    // Remembered for a year, not only for this visit.
    expect(cookie!.expires * 1000).toBeGreaterThan(Date.now() + 300 * 24 * 3600 * 1000);

    await page.goto("/");
    await expect(page).toHaveURL(/\/en$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Campaigns");
    await page.goto("/privacy");
    await expect(page).toHaveURL(/\/en\/privacy$/);
  });
});

test("search engines find each public page's other languages (hreflang alternates, x-default included)", async ({ page, baseURL }) => {
  for (const path of ["", "/privacy"]) {
    for (const { code } of LANGUAGES) {
      await page.goto(`/${code}${path}`);
      for (const other of LANGUAGES) {
        await expect(page.locator(`head link[rel="alternate"][hreflang="${other.code}"]`)).toHaveAttribute("href", `${baseURL}/${other.code}${path}`);
      }
      await expect(page.locator('head link[rel="alternate"][hreflang="x-default"]')).toHaveAttribute("href", `${baseURL}${path || "/"}`);
    }
  }
});
