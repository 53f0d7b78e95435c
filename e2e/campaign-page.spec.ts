import { expect, test } from "@playwright/test";
import { DEMO_SLUG, expectAccessible } from "./fixtures";

const STRICT = /script-src 'self';/;

test("a supporter opening a campaign page gets one static document under a strict policy, with no inline script, that a CDN may keep and a browser asks for again", async ({ request }) => {
  const r = await request.get(`/en/campaigns/${DEMO_SLUG}`);
  expect(r.status()).toBe(200);
  const h = r.headers();
  expect(h["content-type"]).toBe("text/html; charset=utf-8");
  const csp = h["content-security-policy"];
  expect(csp).toMatch(STRICT);
  expect(csp).toMatch(/style-src 'self';/);
  expect(csp).not.toContain("nonce-");
  expect(csp).not.toContain("unsafe-inline");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["cache-control"]).toBe("public, max-age=0, s-maxage=5");
  expect(h["cdn-cache-control"]).toBe("public, max-age=5, stale-while-revalidate=10, stale-if-error=25");
  expect(h["set-cookie"]).toBeUndefined();

  const html = await r.text();
  // Every script is a file from this site; no tag has an inline body or a style attribute.
  const scripts = html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];
  expect(scripts).toHaveLength(1);
  expect(scripts[0]).toMatch(/^<script src="\/campaign\.js\?v=[0-9a-f]{12}" defer=""><\/script>$/);
  expect(html).not.toMatch(/\sstyle="/);
  expect(html).not.toMatch(/\son[a-z]+="/);
  // Its assets are versioned by content and kept for a year.
  const css = /href="(\/site\.css\?v=[0-9a-f]{12})"/.exec(html)?.[1];
  expect(css).toBeTruthy();
  const asset = await request.get(css!);
  expect(asset.status()).toBe(200);
  expect(asset.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");

  // The same answer for everyone: a second reader (another language cookie, signed-in looking
  // cookies) gets the same bytes.
  const again = await request.get(`/en/campaigns/${DEMO_SLUG}`, { headers: { cookie: "cst_lang=fr; authjs.session-token=x" } });
  expect(await again.text()).toBe(html);

  // An unknown campaign is a 404 in the same frame, under the same policy.
  const missing = await request.get(`/en/campaigns/no-such-campaign-${Date.now().toString(36)}`);
  expect(missing.status()).toBe(404);
  expect(missing.headers()["content-security-policy"]).toMatch(STRICT);
  expect(await missing.text()).toContain("Page not found");
});

test("a supporter on a phone reads a campaign page that works under its policy: the share card gains a copy button, the language links and skip link are there, and it passes axe", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const violations: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") violations.push(m.text());
  });
  await page.goto(`/en/campaigns/${DEMO_SLUG}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeAttached();
  await expect(page.getByRole("link", { name: "Français" })).toHaveAttribute("href", new RegExp(`^/fr/campaigns/${DEMO_SLUG}\\?lang=fr$`));
  await expect(page.getByTestId("signature-count")).toContainText("signatures");

  // The one script ran under script-src 'self': the copy button is shown and copies the address.
  const copy = page.getByRole("button", { name: "Copy the link" });
  await expect(copy).toBeVisible();
  await copy.click();
  await expect(page.getByText("Link copied.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(new RegExp(`/en/campaigns/${DEMO_SLUG}$`));

  await expectAccessible(page);
  expect(violations).toEqual([]);

  // In French, the same page through the language link.
  await page.getByRole("link", { name: "Français" }).click();
  await expect(page).toHaveURL(new RegExp(`/fr/campaigns/${DEMO_SLUG}$`));
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.getByRole("button", { name: "Copier le lien" })).toBeVisible();
});

test("without JavaScript the campaign page still offers every way to share and to sign", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`/en/campaigns/${DEMO_SLUG}`);
  await expect(page.getByRole("button", { name: "Copy the link" })).toBeHidden();
  await expect(page.getByRole("link", { name: "WhatsApp" })).toBeVisible();
  await page.getByRole("link", { name: "Sign and write to your MP" }).click();
  await expect(page).toHaveURL(new RegExp(`/en/campaigns/${DEMO_SLUG}/sign$`));
  await context.close();
});
