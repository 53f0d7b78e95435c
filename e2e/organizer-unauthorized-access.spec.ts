import { expect } from "@playwright/test";
import { createWorld, DEMO_ORG, fromAddress, linkIn, publicCount, retargetForm, signInAs, test, waitForMail } from "./fixtures";

const SOME_UUID = "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

test("a signed-out visitor to any organizer page is sent to sign in", async ({ page }) => {
  for (const path of ["/en/org", `/en/org/${DEMO_ORG}`, `/en/org/${DEMO_ORG}/campaigns/${SOME_UUID}`, `/en/org/another-group/campaigns/${SOME_UUID}`]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/en\/org\/sign-in$/);
  }
  await page.goto(`/fr/org/${DEMO_ORG}`);
  await expect(page).toHaveURL(/\/fr\/org\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Connexion" })).toBeVisible();
});

test("the export route gives no CSV without a session, nor for a campaign or organization that is not the organizer's", async ({ page, request, world }) => {
  await signInAs(page, request, world.owner);
  await page.getByRole("link", { name: world.campaignTitle }).click();
  const href = await page.getByRole("link", { name: "Export confirmed signatures (CSV)" }).getAttribute("href");
  expect(href).toBe(`/api/org/${world.orgSlug}/campaigns/${world.campaignId}/export?status=confirmed`);
  const campaignId = /campaigns\/([0-9a-f-]{36})\//.exec(href!)![1];

  // Without the session cookie (Playwright's `request` is a separate, cookie-less client).
  const anonymous = await request.get(href!);
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()["content-type"]).not.toContain("text/csv");
  expect(await anonymous.text()).not.toContain("signed_at");

  // Signed in: her own campaign downloads; anything else is a plain 404, existing or not.
  const own = await page.request.get(href!);
  expect(own.status()).toBe(200);
  expect(own.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(own.headers()["cache-control"]).toBe("no-store");
  expect(own.headers()["content-disposition"]).toMatch(/^attachment; filename="/);
  for (const path of [`/api/org/${world.orgSlug}/campaigns/${SOME_UUID}/export`, `/api/org/another-group/campaigns/${campaignId}/export`, `/api/org/${world.orgSlug}/campaigns/not-a-uuid/export`, `/api/org/${DEMO_ORG}/campaigns/${campaignId}/export`]) {
    const r = await page.request.get(path);
    expect(r.status(), path).toBe(404);
    expect(await r.text()).not.toContain("signed_at");
  }
  // A download started by another site is refused (the export writes an audit row).
  const crossSite = await page.request.get(href!, { headers: { "sec-fetch-site": "cross-site" } });
  expect(crossSite.status()).toBe(403);

  // Pages of another organization, or a campaign id that is not hers, are "not found".
  for (const path of [`/en/org/another-group`, `/en/org/${world.orgSlug}/campaigns/${SOME_UUID}`, `/en/org/another-group/campaigns/${campaignId}`, `/en/org/${DEMO_ORG}`]) {
    const r = await page.goto(path);
    expect(r?.status(), path).toBe(404);
  }
});

test("a viewer sees the dashboard's totals but no export link, and the export route refuses her", async ({ page, request, world }) => {
  await signInAs(page, request, world.viewer);
  await page.getByRole("link", { name: world.campaignTitle }).click();
  await expect(page.getByText("As a viewer you see totals only")).toBeVisible();
  await expect(page.getByRole("link", { name: /Export .* \(CSV\)/ })).toHaveCount(0);
  const campaignId = /campaigns\/([0-9a-f-]{36})/.exec(page.url())![1];
  expect(campaignId).toBe(world.campaignId);
  const r = await page.request.get(`/api/org/${world.orgSlug}/campaigns/${campaignId}/export?status=confirmed`);
  expect(r.status()).toBe(403);
  expect(await r.text()).not.toContain("signed_at");
});

test("an editor of one organization gets 404 for another organization's campaign, dashboard and export", async ({ page, request, world }) => {
  // Another organization (B) and its campaign's id.
  const b = await createWorld(request);
  const OTHER_ORG = b.orgSlug;
  const otherCampaignId = b.campaignId;

  await signInAs(page, request, world.editor);
  const OWN_ORG = world.orgSlug;
  for (const path of [`/en/org/${OTHER_ORG}`, `/en/org/${OTHER_ORG}/campaigns/${otherCampaignId}`, `/en/org/${OWN_ORG}/campaigns/${otherCampaignId}`]) {
    const r = await page.goto(path);
    expect(r?.status(), path).toBe(404);
  }
  for (const path of [`/api/org/${OTHER_ORG}/campaigns/${otherCampaignId}/export`, `/api/org/${OWN_ORG}/campaigns/${otherCampaignId}/export`]) {
    const r = await page.request.get(path);
    expect(r.status(), path).toBe(404);
    expect(await r.text()).not.toContain("signed_at");
  }
});

test("an editor's moderation form re-aimed at another organization's campaign invalidates nothing there", async ({ browser, page, request, world }) => {
  const b = await createWorld(request);
  const OTHER_CAMPAIGN_SLUG = b.campaignSlug;
  // A supporter of the other organization's campaign signs and confirms, from a domain of her own.
  const domain = `victim${Date.now().toString(36)}.example`;
  const email = `ana@${domain}`;
  await fromAddress(page);
  await page.goto(`/en/campaigns/${OTHER_CAMPAIGN_SLUG}/sign`);
  await page.getByLabel("Full name").fill("Ana Other");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("I am a Canadian citizen living abroad").check();
  await page.getByRole("button", { name: "Sign" }).click();
  const [mail] = await waitForMail(request, email);
  await page.goto(linkIn(mail.text, /http:\/\/localhost:\d+\/en\/confirm\/[A-Za-z0-9_-]+/));
  await page.getByRole("button", { name: "Confirm my signature" }).click();
  await expect(page.getByRole("heading", { name: "Your signature", exact: true })).toBeVisible();
  // B's campaign has exactly her signature.
  // The count is cached for a few seconds per instance: it must reach 1 within that window.
  await expect.poll(() => publicCount(page, OTHER_CAMPAIGN_SLUG), { timeout: 20_000 }).toBe(1);
  const otherCampaignId = b.campaignId;

  // The editor of A opens A's moderation page (without JavaScript, where the campaign the form acts
  // on travels in hidden fields), then points the form at B's campaign.
  await signInAs(page, request, world.editor);
  await page.getByRole("link", { name: world.campaignTitle }).click();
  await page.getByRole("link", { name: "Moderation", exact: true }).click();
  const ownCampaignId = /campaigns\/([0-9a-f-]{36})/.exec(page.url())![1];
  const noJs = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  const plain = await noJs.newPage();
  await plain.goto(page.url());
  await plain.getByLabel(/Email domain/).first().fill(domain);
  const form = plain.locator("form").filter({ has: plain.locator('input[name="emailDomain"]') }).first();
  await retargetForm(form, `"campaign":"${ownCampaignId}"`, `"campaign":"${otherCampaignId}"`);
  // Skip straight to the confirmation step with the count she expects to hit.
  await form.locator('input[name="step"]').evaluate((el) => ((el as HTMLInputElement).value = "confirm"));
  await form.evaluate((f) => {
    const i = document.createElement("input");
    i.type = "hidden";
    i.name = "expectedCount";
    i.value = "1";
    f.appendChild(i);
  });
  await form.getByRole("button", { name: "Preview" }).click();
  await expect(plain.getByText(/signatures? invalidated/)).toHaveCount(0);
  await noJs.close();

  expect(await publicCount(page, OTHER_CAMPAIGN_SLUG)).toBe(1);
});
