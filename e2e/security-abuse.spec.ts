import { expect, type Page } from "@playwright/test";
import { fromAddress, mailTo, publicCount, test, uniqueEmail, waitForMail, waitForQueueIdle } from "./fixtures";

async function signAsResidentAbroad(page: Page, slug: string, email: string) {
  await page.goto(`/en/campaigns/${slug}/sign`);
  await page.getByLabel("Full name").fill("Test Signer");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("I am a Canadian citizen living abroad").check();
  await page.getByRole("button", { name: "Sign" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  return page.locator("main").innerText();
}

test("someone re-signing with another person's address (any case or +tag) sees exactly the page a new signer sees", async ({ page, request, world }) => {
  await fromAddress(page);
  const email = uniqueEmail("owner");
  const first = await signAsResidentAbroad(page, world.campaignSlug, email);
  await fromAddress(page);
  const variant = email.toUpperCase().replace("@", "+again@");
  const again = await signAsResidentAbroad(page, world.campaignSlug, variant);
  // The page names the address typed, and nothing else differs.
  expect(again.replace(variant, "ADDRESS")).toBe(first.replace(email, "ADDRESS"));
  // The address's owner is told by email; the re-signer learns nothing.
  const mails = await waitForMail(request, email, 2);
  expect(mails.map((m) => m.subject)).toEqual(expect.arrayContaining([expect.stringContaining("Confirm your signature")]));
});

test("a burst of signatures from one address is accepted on screen but silently left out: only the first address is mailed", async ({ page, request, world }) => {
  const ip = await fromAddress(page);
  expect(await publicCount(page, world.campaignSlug)).toBe(0);
  const emails = [uniqueEmail("burst"), uniqueEmail("burst"), uniqueEmail("burst")];
  const pages: string[] = [];
  for (const e of emails) {
    await fromAddress(page, ip);
    pages.push((await signAsResidentAbroad(page, world.campaignSlug, e)).replace(e, "ADDRESS"));
  }
  expect(new Set(pages).size).toBe(1);
  const [mail] = await waitForMail(request, emails[0]);
  await waitForQueueIdle(request);
  for (const e of emails.slice(1)) expect(await mailTo(request, e)).toHaveLength(0);
  const link = /http:\/\/localhost:\d+\/en\/confirm\/[A-Za-z0-9_-]+/.exec(mail.text ?? "")![0];
  await page.goto(link);
  await page.getByRole("button", { name: "Confirm my signature" }).click();
  await expect(page.getByRole("heading", { name: "Your signature", exact: true })).toBeVisible();
  // The count is cached for a few seconds per instance: it must reach 1 within that window.
  await expect.poll(() => publicCount(page, world.campaignSlug), { timeout: 20_000 }).toBe(1);
});

test("the JSON signing API refuses other origins and oversized bodies, and ignores posted status or organization fields", async ({ request, baseURL, world }) => {
  const url = `/api/campaigns/${world.campaignSlug}/signatures`;
  const body = { name: "Api Signer", email: uniqueEmail("api"), residency: "citizen_abroad" };
  const crossOrigin = await request.post(url, { data: body, headers: { origin: "https://evil.example" } });
  expect(crossOrigin.status()).toBe(403);
  const huge = await request.post(url, { data: { ...body, comment: "x".repeat(20_000) }, headers: { origin: baseURL! } });
  expect(huge.status()).toBe(413);
  const bad = await request.post(`${url}?locale=fr`, { data: { ...body, email: "nope" } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).fields.email.message).toBe("Entrez une adresse courriel comme nom@exemple.ca.");

  const email = uniqueEmail("api");
  const smuggled = await request.post(url, {
    data: { ...body, email, status: "confirmed", organizationId: "00000000-0000-0000-0000-000000000000", confirmedAt: "2020-01-01" },
    headers: { "x-forwarded-for": "198.18.77.1" },
  });
  expect(smuggled.status()).toBe(202);
  expect(await smuggled.json()).toEqual({ status: "check_email" });
  // Still needs the emailed confirmation: the posted status was ignored.
  const [mail] = await waitForMail(request, email);
  expect(mail.subject).toContain("Confirm your signature");
});
