import { expect, test } from "@playwright/test";
import { mailTo, signInLinkIn, uniqueEmail, waitForMail } from "./fixtures";

const ORGANIZER = "organizer@demo.constituent.localhost";

test("the demo organizer signs in from the emailed link and sees her organization's campaigns", async ({ page, request }) => {
  await page.goto("/en/org");
  await expect(page).toHaveURL(/\/en\/org\/sign-in$/);
  const before = (await mailTo(request, ORGANIZER)).length;
  await page.getByLabel("Email address").fill(ORGANIZER);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const mails = await waitForMail(request, ORGANIZER, before + 1);
  const link = signInLinkIn(mails[0].text);
  expect(mails[0].text).toMatch(/http:\/\/localhost:\d+\/fr\/org\/sign-in\/continue\?/);
  // Opening the link (as a mail scanner would) signs nobody in and spends nothing.
  await page.request.get(link);
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Sign in to Constituent" })).toBeVisible();
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/en\/org$/);
  await expect(page.getByRole("heading", { name: /Northern Lights Disarmament Coalition/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /Canadian sensors, foreign wars/ })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Published" })).toBeVisible();

  // The link worked once.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.goto(link);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That sign-in link has expired or has already been used.")).toBeVisible();
  await page.goto("/en/org");
  await expect(page).toHaveURL(/\/en\/org\/sign-in$/);
});

test("an address that belongs to no organizer sees the same page and receives nothing", async ({ page, request }) => {
  const stranger = uniqueEmail("stranger");
  await page.goto("/en/org/sign-in");
  await page.getByLabel("Email address").fill(stranger);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.waitForTimeout(1500);
  expect(await mailTo(request, stranger)).toHaveLength(0);
});
