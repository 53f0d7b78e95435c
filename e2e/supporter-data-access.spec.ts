import { readFileSync } from "node:fs";
import { expect, type Browser } from "@playwright/test";
import { expectAccessible, fromAddress, linkIn, mailTo, publicCount, test, uniqueEmail, waitForMail, waitForQueueIdle } from "./fixtures";

const ACCESS_LINK = /http:\/\/localhost:\d+\/en\/my-data\/[A-Za-z0-9_-]{20,}/;

test("a supporter downloads and erases their data without an old email", async ({ browser, page, request, world }) => {
  const email = uniqueEmail("shushan");
  await fromAddress(page);
  await page.goto(`/en/campaigns/${world.campaignSlug}/sign`);
  await page.getByLabel("Full name").fill("Shushan Melikyan");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("I am a Canadian citizen living abroad").check();
  await page.getByLabel("Comment").fill("Words only Shushan wrote.");
  await page.getByRole("button", { name: "Sign" }).click();
  const [confirmation] = await waitForMail(request, email);
  await page.goto(linkIn(confirmation.text, /http:\/\/localhost:\d+\/en\/confirm\/[A-Za-z0-9_-]+/));
  await page.getByRole("button", { name: "Confirm my signature" }).click();
  await expect(page.getByTestId("signature-status")).toContainText("Confirmed on");
  // The count is cached for a few seconds per instance.
  await expect.poll(() => publicCount(page, world.campaignSlug), { timeout: 20_000 }).toBe(1);

  // Months later, with every old email deleted: the privacy page leads to the request form.
  await page.goto("/en/privacy");
  await page.getByRole("link", { name: "Ask what we hold about you" }).click();
  await expect(page.getByRole("heading", { name: "What do you hold about me?" })).toBeVisible();
  await expectAccessible(page);
  // A mistyped address is refused in words, and what was typed stays.
  await page.getByLabel("Email address").fill("shushan-at-example.org");
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByText("Enter an email address like name@example.com.").first()).toBeVisible();
  await expect(page.getByLabel("Email address")).toHaveValue("shushan-at-example.org");
  await expectAccessible(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Email address").press("Enter");
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page).toHaveURL(/\/en\/my-data\/sent$/);
  await expectAccessible(page);

  const mails = await waitForMail(request, email, 2);
  const access = mails.find((m) => m.subject === "What Constituent holds about you");
  expect(access, "the access email").toBeTruthy();
  const link = linkIn(access!.text, ACCESS_LINK);
  // A mail scanner fetching the link sees a button, and spends nothing.
  const scanned = await request.get(link);
  expect(scanned.status()).toBe(200);
  expect(await scanned.text()).not.toContain("Shushan");

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Everything we hold about you", level: 1 })).toBeVisible();
  await expect(page.getByText("Shushan Melikyan")).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Show what you hold about me" }).click();
  await expect(page.getByRole("heading", { name: "Your email address" })).toBeFocused();
  await expect(page.getByTestId("held-email")).toHaveText(email);
  const signature = page.getByTestId("held-signature");
  await expect(signature).toHaveCount(1);
  await expect(signature.getByRole("heading", { name: world.campaignTitle })).toBeVisible();
  await expect(signature).toContainText(world.orgName);
  await expect(signature).toContainText("Shushan Melikyan");
  await expect(signature).toContainText("Words only Shushan wrote.");
  await expect(signature).toContainText("Canadian citizen living abroad");
  await expect(signature).toContainText("Confirmed");
  await expectAccessible(page);

  // The same button works without JavaScript: the form posts and the page comes back with the data.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await plain.goto(link);
  await plain.getByRole("button", { name: "Show what you hold about me" }).click();
  await expect(plain.getByTestId("held-email")).toHaveText(email);
  await expect(plain.getByTestId("held-signature")).toContainText("Shushan Melikyan");
  await noJs.close();

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download as JSON" }).click()]);
  expect(download.suggestedFilename()).toBe("constituent-my-data.json");
  const held = JSON.parse(readFileSync((await download.path())!, "utf8")) as { email: string; signatures: { name: string; comment: string; campaignSlug: string; status: string }[] };
  expect(held.email).toBe(email);
  expect(held.signatures).toEqual([expect.objectContaining({ name: "Shushan Melikyan", comment: "Words only Shushan wrote.", campaignSlug: world.campaignSlug, status: "confirmed" })]);

  await page.getByRole("link", { name: "Erase everything about me" }).click();
  await expect(page.getByRole("heading", { name: "Erase everything we hold about you?" })).toBeVisible();
  // What signing again would mean is said before the button.
  await expect(page.getByText("To take part again, sign with another email address.", { exact: false })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Erase everything" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Everything is erased" })).toBeVisible();
  await expectAccessible(page);

  await expect.poll(() => publicCount(page, world.campaignSlug), { timeout: 20_000 }).toBe(0);
  await page.goto(link);
  await expect(page.getByText("This link is invalid or has expired, or the data behind it has been erased.")).toBeVisible();
  await expectAccessible(page);

  // Signing again with the erased address looks like any signing, and mails nothing, ever.
  await waitForQueueIdle(request);
  const before = (await mailTo(request, email)).length;
  await fromAddress(page);
  await page.goto(`/en/campaigns/${world.campaignSlug}/sign`);
  await page.getByLabel("Full name").fill("Shushan Melikyan");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("I am a Canadian citizen living abroad").check();
  await page.getByRole("button", { name: "Sign" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await waitForQueueIdle(request);
  expect(await mailTo(request, email)).toHaveLength(before);
  await expect.poll(() => publicCount(page, world.campaignSlug), { timeout: 20_000 }).toBe(0);
});

test.describe("a known supporter's address", () => {
  test.use({ worldSupporters: 1 });

  test("the data request form answers a known and an unknown address identically", async ({ browser, request, world }) => {
    // A prober's fresh browser each time, without JavaScript: the form posts as plain HTML. (These
    // two pages are checked by axe in the story above, with JavaScript.)
    const probe = async (b: Browser, email: string) => {
      const context = await b.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await fromAddress(page);
      await page.goto("/en/my-data");
      const navigations: { status: number; path: string }[] = [];
      page.on("response", (r) => {
        if (r.request().isNavigationRequest()) navigations.push({ status: r.status(), path: new URL(r.url()).pathname });
      });
      await page.getByLabel("Email address").fill(email);
      await page.getByRole("button", { name: "Email me a link" }).click();
      await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
      const seen = { navigations, url: new URL(page.url()).pathname + new URL(page.url()).search, body: await page.locator("main").innerText() };
      await context.close();
      return seen;
    };
    const supporter = world.supporters[0];
    const stranger = uniqueEmail("watched");
    const forSupporter = await probe(browser, supporter);
    const forStranger = await probe(browser, stranger);
    expect(forSupporter).toEqual(forStranger);
    expect(forSupporter.url).toBe("/en/my-data/sent");
    expect(forSupporter.navigations.at(-1)).toEqual({ status: 200, path: "/en/my-data/sent" });

    // Only afterwards, in the worker, does the address matter: a link for her, a short note for the stranger.
    const [toSupporter] = await waitForMail(request, supporter, 1);
    expect(toSupporter.subject).toBe("What Constituent holds about you");
    const [toStranger] = await waitForMail(request, stranger, 1);
    expect(toStranger.subject).toBe("Constituent holds nothing about this address");
    expect(toStranger.text).not.toMatch(ACCESS_LINK);
  });
});
