import { expect } from "@playwright/test";
import { publicCount, signAbroadAndConfirm, test, uniqueEmail } from "./fixtures";

// Two others have signed and confirmed: she is the third, and after withdrawing the count is theirs.
test.use({ worldSupporters: 2 });

test("a supporter withdraws her signature from her status page: she leaves the count and her links stop working", async ({ page, request, world }) => {
  const count = (p: typeof page) => publicCount(p, world.campaignSlug);
  const email = uniqueEmail("withdraw");
  const statusUrl = await signAbroadAndConfirm(page, request, world.campaignSlug, "Lilit Avetisyan", email);
  await expect(page).toHaveURL(/\/en\/s\/[A-Za-z0-9_-]+\?confirmed=1$/);
  expect(await count(page)).toBe(3);

  await page.goto(statusUrl);
  await page.getByRole("link", { name: "Withdraw my signature and erase my details" }).click();
  await expect(page.getByRole("heading", { name: "Withdraw your signature?" })).toBeVisible();
  // Opening the page changed nothing yet.
  expect(await count(page)).toBe(3);
  await page.goBack();
  await page.getByRole("button", { name: "Withdraw and erase" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Your signature is withdrawn" })).toBeVisible();

  expect(await count(page)).toBe(2);
  await page.goto(statusUrl);
  await expect(page.getByText("invalid or has expired", { exact: false })).toBeVisible();
});

test("without JavaScript, a supporter confirms from the emailed link and withdraws from her status page", async ({ browser, request, world }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  // The link's pages keep their token to this site (Referrer-Policy same-origin): their forms still post.
  await signAbroadAndConfirm(page, request, world.campaignSlug, "Armen Petrosyan", uniqueEmail("nojs"));
  await page.getByRole("link", { name: "Withdraw my signature and erase my details" }).click();
  await page.getByRole("button", { name: "Withdraw and erase" }).click();
  await expect(page.getByRole("heading", { name: "Your signature is withdrawn" })).toBeVisible();
  await context.close();
});
