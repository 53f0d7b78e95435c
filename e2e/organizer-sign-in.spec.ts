import { expect } from "@playwright/test";
import { mailTo, signInLinkIn, test, uniqueEmail, waitForMail, waitForQueueIdle } from "./fixtures";

test("an organizer signs in from the emailed link and sees her organization's campaigns", async ({ page, request, world }) => {
  const ORGANIZER = world.owner;
  await page.goto("/en/org");
  await expect(page).toHaveURL(/\/en\/org\/sign-in$/);
  expect(await mailTo(request, ORGANIZER)).toHaveLength(0);
  await page.getByLabel("Email address").fill(ORGANIZER);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const mails = await waitForMail(request, ORGANIZER, 1);
  expect(mails).toHaveLength(1);
  const link = signInLinkIn(mails[0].text);
  expect(mails[0].text).toMatch(/http:\/\/localhost:\d+\/fr\/org\/sign-in\/continue\?/);
  // Opening the link (as a mail scanner would) signs nobody in and spends nothing.
  await page.request.get(link);
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Sign in to Constituent" })).toBeVisible();
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/en\/org$/);
  await expect(page.getByRole("heading", { name: world.orgName })).toBeVisible();
  await expect(page.getByRole("link", { name: world.campaignTitle })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Published" })).toBeVisible();

  // The link worked once.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.goto(link);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That sign-in link has expired or has already been used.")).toBeVisible();
  await page.goto("/en/org");
  await expect(page).toHaveURL(/\/en\/org\/sign-in$/);
});

test("an address that belongs to no organizer sees the same page and receives nothing", async ({ page, request, world }) => {
  const stranger = uniqueEmail("stranger");
  await page.goto("/en/org/sign-in");
  await page.getByLabel("Email address").fill(stranger);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  // No sleep: a member asks right after, and once her link has arrived and the queue is idle,
  // anything mailed to the stranger would have arrived before it.
  await page.goto("/en/org/sign-in");
  await page.getByLabel("Email address").fill(world.owner);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  expect(await waitForMail(request, world.owner, 1)).toHaveLength(1);
  await waitForQueueIdle(request);
  expect(await mailTo(request, stranger)).toHaveLength(0);
});

test("someone probing Auth.js's own sign-in endpoint gets the same answer for an organizer's address as for anyone's", async ({ playwright, baseURL, world }) => {
  // A fresh client each time (no cookies carried over), as a prober would script it.
  const answer = async (email: string) => {
    const client = await playwright.request.newContext({ baseURL });
    const { csrfToken } = (await (await client.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const r = await client.post("/api/auth/signin/email", { form: { email, csrfToken, callbackUrl: "/en/org" }, maxRedirects: 0 });
    const seen = { status: r.status(), location: r.headers()["location"], body: await r.text() };
    await client.dispose();
    return seen;
  };
  const forMember = await answer(world.owner);
  const forStranger = await answer(uniqueEmail("watched"));
  expect(forMember).toEqual(forStranger);
  expect(forMember.status).toBe(302);
  expect(forMember.location).toMatch(/\/en\/org\/check-email$/);
});
