import { expect, type APIRequestContext } from "@playwright/test";
import { expectAccessible, fromAddress, linkIn, mailTo, publicCount, signAbroadAndConfirm, signInAs, test, uniqueEmail, waitForMail } from "./fixtures";

/** The retention period run at a test clock (lib/testing/hooks.ts), as the hourly maintenance would at that time. */
async function retentionAt(request: APIRequestContext, campaignId: string, at: Date): Promise<{ warned: number; anonymised: number }> {
  const r = await request.post(`/api/test-hooks/retention?now=${encodeURIComponent(at.toISOString())}&campaign=${campaignId}`);
  expect(r.status(), await r.text()).toBe(200);
  return r.json();
}

function monthsAfter(d: Date, months: number, days = 0): Date {
  const x = new Date(d);
  x.setUTCMonth(x.getUTCMonth() + months);
  return new Date(x.getTime() + days * 86_400_000);
}

test("six months after an organizer closes a campaign its supporters are anonymised, and the owners were warned a week before", async ({ page, request, world }) => {
  const email = uniqueEmail("retained");
  const statusUrl = await signAbroadAndConfirm(page, request, world.campaignSlug, "Lilit Hakobyan", email);
  await expect(page.getByTestId("signature-status")).toContainText("Confirmed on");
  // The count is cached for a few seconds per instance.
  await expect.poll(() => publicCount(page, world.campaignSlug), { timeout: 20_000 }).toBe(1);

  await signInAs(page, request, world.owner);
  await page.goto(`/en/org/${world.orgSlug}/campaigns/${world.campaignId}/edit`);
  await page.getByRole("link", { name: "Close signing" }).click();
  await page.getByRole("button", { name: "Yes, close signing" }).click();
  await expect(page.getByText("Signing is closed. The public page stays online.")).toBeVisible();
  const closedAt = new Date();

  // The dashboard says when the supporters' details go.
  await page.goto(`/en/org/${world.orgSlug}/campaigns/${world.campaignId}`);
  await expect(page.getByTestId("retention")).toContainText("Supporters' names, addresses, postal codes, comments and letters will be erased on");
  await expectAccessible(page);

  // Nothing a month on; three days before the date, the owners get one warning.
  expect(await retentionAt(request, world.campaignId, monthsAfter(closedAt, 1))).toEqual({ warned: 0, anonymised: 0 });
  const ownerMails = (await mailTo(request, world.owner)).length;
  expect(await retentionAt(request, world.campaignId, monthsAfter(closedAt, 6, -3))).toEqual({ warned: 1, anonymised: 0 });
  const [warning] = await waitForMail(request, world.owner, ownerMails + 1);
  expect(warning.subject).toContain(`In a week, supporters of “${world.campaignTitle}” will be anonymised`);
  expect(warning.text).toContain(`/en/org/${world.orgSlug}/campaigns/${world.campaignId}`);
  // Her status page still works until the date.
  await page.goto(statusUrl);
  await expect(page.getByRole("heading", { name: "Your signature", exact: true })).toBeVisible();

  expect(await retentionAt(request, world.campaignId, monthsAfter(closedAt, 6, 1))).toEqual({ warned: 0, anonymised: 1 });

  // Her links no longer open anything, and the count and the dashboard's figures stay.
  await page.goto(statusUrl);
  await expect(page.getByText("invalid or has expired", { exact: false })).toBeVisible();
  expect(await publicCount(page, world.campaignSlug)).toBe(1);
  await page.goto(`/en/org/${world.orgSlug}/campaigns/${world.campaignId}`);
  await expect(page.getByTestId("retention")).toContainText("Supporters' details were anonymised on");
  await expectAccessible(page);
  // The export still counts her signature, and names no one.
  const csv = await (await page.request.get(`/api/org/${world.orgSlug}/campaigns/${world.campaignId}/export?status=all`)).text();
  const rows = csv.trim().split("\r\n");
  expect(rows).toHaveLength(3);
  expect(rows[2]).toMatch(/,confirmed,,,,/);
  expect(csv).not.toContain("Lilit");
  expect(csv).not.toContain(email);
});

test("in a deliver-then-delete campaign, the letter reaches the MP and then nothing of it, or of who wrote it, is held", async ({ browser, page, request, world }) => {
  // The organizer turns it on; the public page says so.
  await signInAs(page, request, world.owner);
  await page.goto(`/en/org/${world.orgSlug}/campaigns/${world.campaignId}/edit`);
  await page.getByRole("checkbox", { name: /^Deliver then delete/ }).check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  // The save's answer, not the box's state (checked as soon as it was ticked).
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: /^Deliver then delete/ })).toBeChecked();
  await page.goto(`/en/campaigns/${world.campaignSlug}`);
  await expect(page.getByText("Letters from this campaign are erased after delivery")).toBeVisible();

  // A supporter signs, writes to her MP and confirms from the mail: the letter leaves.
  const supporter = await (await browser.newContext()).newPage();
  await fromAddress(supporter);
  const email = uniqueEmail("dtd");
  const words = `Deliver then delete ${Date.now()}: please publish every permit.`;
  await supporter.goto(`/en/campaigns/${world.campaignSlug}/sign`);
  await supporter.getByLabel("Full name").fill("Nairi Hovsepian");
  await supporter.getByLabel("Email address").fill(email);
  await supporter.getByLabel("Postal code").fill("M1G 3T8");
  await supporter.getByRole("button", { name: "Sign" }).click();
  await supporter.getByRole("radio", { name: /Scarborough—Guildwood—Rouge Park/ }).check();
  await supporter.getByRole("button", { name: "This is my riding" }).click();
  await supporter.getByLabel("Your own words").fill(words);
  await supporter.getByRole("button", { name: "Preview" }).click();
  await supporter.getByRole("button", { name: "Send my letter" }).click();
  const [mail] = await waitForMail(request, email);
  await supporter.goto(linkIn(mail.text, /http:\/\/localhost:\d+\/en\/confirm\/[A-Za-z0-9_-]+/));
  await supporter.getByRole("button", { name: "Confirm my signature" }).click();
  await expect(supporter.getByTestId("signature-status")).toContainText("Confirmed on");
  const statusUrl = supporter.url().replace(/\?.*$/, "");
  await expect
    .poll(async () => (await mailTo(request, "gary.anand@parl.gc.ca")).filter((m) => (m.text ?? "").includes(words)).length, { timeout: 20_000 })
    .toBe(1);

  // Her status page still shows the letter went out; asking what is held says nothing names her now.
  await supporter.goto(statusUrl);
  await expect(supporter.getByTestId("letters")).toContainText("Sent");
  await supporter.getByRole("button", { name: "See everything you hold about me" }).click();
  await expect(supporter.getByRole("status").filter({ hasText: "Nothing we hold names you any more" })).toBeVisible();
  await expect(supporter.locator("main")).not.toContainText("Nairi Hovsepian");
  await expect(supporter.locator("main")).not.toContainText(words);
  await expectAccessible(supporter);

  // The organization's export holds no one either.
  const csv = await (await page.request.get(`/api/org/${world.orgSlug}/campaigns/${world.campaignId}/export?status=all`)).text();
  expect(csv).toContain(",confirmed,");
  expect(csv).not.toContain("Nairi");
  expect(csv).not.toContain(email);
});
