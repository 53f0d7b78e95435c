import { expect, test } from "@playwright/test";
import { DEMO_SLUG, fromAddress, linkIn, uniqueEmail, waitForMail } from "./fixtures";

async function count(page: import("@playwright/test").Page): Promise<number> {
  await page.goto(`/en/campaigns/${DEMO_SLUG}`);
  return Number((await page.getByTestId("signature-count").innerText()).split(" of ")[0].replace(/\D/g, ""));
}

test("a supporter withdraws her signature from her status page: she leaves the count and her links stop working", async ({ page, request }) => {
  await fromAddress(page);
  const email = uniqueEmail("withdraw");
  await page.goto(`/en/campaigns/${DEMO_SLUG}/sign`);
  await page.getByLabel("Full name").fill("Lilit Avetisyan");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("I am a Canadian citizen living abroad").check();
  await page.getByRole("button", { name: "Sign" }).click();
  const [mail] = await waitForMail(request, email);
  await page.goto(linkIn(mail.text, /http:\/\/localhost:\d+\/en\/confirm\/[A-Za-z0-9_-]+/));
  await page.getByRole("button", { name: "Confirm my signature" }).click();
  await expect(page.getByRole("heading", { name: "Your signature" })).toBeVisible();
  await expect(page).toHaveURL(/\/en\/s\/[A-Za-z0-9_-]+\?confirmed=1$/);
  const statusUrl = page.url().replace(/\?.*$/, "");
  const before = await count(page);

  await page.goto(statusUrl);
  await page.getByRole("link", { name: "Withdraw my signature and erase my details" }).click();
  await expect(page.getByRole("heading", { name: "Withdraw your signature?" })).toBeVisible();
  // Opening the page changed nothing yet.
  expect(await count(page)).toBe(before);
  await page.goBack();
  await page.getByRole("button", { name: "Withdraw and erase" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Your signature is withdrawn" })).toBeVisible();

  expect(await count(page)).toBe(before - 1);
  await page.goto(statusUrl);
  await expect(page.getByText("invalid or has expired", { exact: false })).toBeVisible();
});
