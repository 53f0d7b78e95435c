import { expect } from "@playwright/test";
import { publicCount, test } from "./fixtures";

test.use({ worldSupporters: 3 });

test("a journalist reads a campaign's figures as JSON and CSV, advertised by its page and cacheable by a CDN", async ({ page, request, world }) => {
  await page.goto(`/en/campaigns/${world.campaignSlug}`);
  const href = await page.locator('link[rel="alternate"][type="application/json"]').getAttribute("href");
  expect(href).toMatch(new RegExp(`/api/campaigns/${world.campaignSlug}$`));

  const r = await request.get(`/api/campaigns/${world.campaignSlug}`);
  expect(r.status()).toBe(200);
  expect(r.headers()["cache-control"]).toBe("public, max-age=10, stale-while-revalidate=20, stale-if-error=50");
  const stats = await r.json();
  expect(stats).toMatchObject({ slug: world.campaignSlug, state: "published", count: 3 });
  expect(stats.count).toBe(await publicCount(page, world.campaignSlug));
  // Three signers are too few to show by riding or province: they are all "other".
  expect(stats.byRiding).toEqual([]);
  expect(stats.other.ridings).toBe(3);

  const csv = await request.get(`/api/campaigns/${world.campaignSlug}/ridings.csv`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect((await csv.text()).split("\r\n")[0]).toBe("fed_num,riding_en,riding_fr,province,verified_signatures");

  expect((await request.get("/api/campaigns/no-such-campaign")).status()).toBe(404);
});
