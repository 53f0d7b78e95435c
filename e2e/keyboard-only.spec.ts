import { expect, type Locator, type Page } from "@playwright/test";
import { expectAccessible, fromAddress, linkIn, mailTo, signInAs, test, uniqueEmail, waitForMail } from "./fixtures";

/**
 * Journeys done with the keyboard alone (issue #14): no click, no fill. Every control is reached
 * with Tab (so it is in the focus order), operated with Enter, Space or the arrow keys, and typed
 * into key by key. Opening a link from an email is the only navigation by address.
 */

test.use({ worldSupporters: 4, locale: "en-US" });

/** Presses Tab until `target` has the focus; fails if it never gets it (not reachable by keyboard). */
async function tabTo(page: Page, target: Locator, max = 120): Promise<void> {
  await expect(target).toBeVisible();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`${target} was not reached with Tab in ${max} presses`);
}

/** Tabs to a field and types into it, key by key. */
async function typeInto(page: Page, field: Locator, text: string): Promise<void> {
  await tabTo(page, field);
  await page.keyboard.type(text);
}

test("a supporter signs, chooses her riding, writes to her MP and confirms from the email, using only the keyboard", async ({ page, request, world }) => {
  const email = uniqueEmail("keyboard.anahit");
  await fromAddress(page);
  await page.goto(`/en/campaigns/${world.campaignSlug}`);
  await expect(page.getByTestId("signature-count")).toHaveText("4 of 5,000 verified signatures");

  await tabTo(page, page.getByRole("link", { name: "Sign and write to your MP" }));
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Full name")).toBeVisible();
  await typeInto(page, page.getByLabel("Full name"), "Anahit Keyboard");
  await typeInto(page, page.getByLabel("Email address"), email);
  await expect(page.getByLabel("I live in Canada")).toBeChecked();
  await typeInto(page, page.getByLabel("Postal code"), "M1G 3T8");
  await tabTo(page, page.getByRole("button", { name: "Sign" }));
  await page.keyboard.press("Enter");

  // Two ridings share M1G: the radio group is reached with Tab and moved with the arrow keys.
  await expect(page.getByRole("heading", { name: "Find your Member of Parliament" })).toBeVisible();
  await expectAccessible(page);
  const wanted = page.getByRole("radio", { name: /Scarborough—Guildwood—Rouge Park/ });
  await tabTo(page, page.getByRole("radio").first());
  for (let i = 0; i < 3 && !(await wanted.isChecked()); i++) {
    await page.keyboard.press(i === 0 ? "Space" : "ArrowDown");
  }
  await expect(wanted).toBeChecked();
  await tabTo(page, page.getByRole("button", { name: "This is my riding" }));
  await page.keyboard.press("Enter");

  await expect(page.getByRole("heading", { name: "Write to Gary Anandasangaree" })).toBeVisible();
  await typeInto(page, page.getByLabel("Your own words"), "I typed every word of this with my keyboard.");
  await tabTo(page, page.getByRole("button", { name: "Preview" }));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("letter-preview")).toContainText("I typed every word of this with my keyboard.");
  await expectAccessible(page);
  await tabTo(page, page.getByRole("button", { name: "Send my letter" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();

  // From the mailbox, in the same browser: the button behind the link, pressed with Enter.
  const mails = await waitForMail(request, email, 2);
  const confirmation = mails.find((m) => m.subject?.startsWith("Confirm your signature"))!;
  await page.goto(linkIn(confirmation.text, /http:\/\/localhost:\d+\/en\/confirm\/[A-Za-z0-9_-]+/));
  await tabTo(page, page.getByRole("button", { name: "Confirm my signature" }));
  await page.keyboard.press("Enter");
  await expect(page.getByText("Thank you: your signature is confirmed.")).toBeVisible();
  await expectAccessible(page);
  await expect
    .poll(async () => (await mailTo(request, "gary.anand@parl.gc.ca")).filter((m) => m.headers["X-Constituent-Campaign"] === world.campaignSlug && m.text?.includes("I typed every word")).length, {
      timeout: 20_000,
    })
    .toBe(1);
});

test("an organizer creates a campaign and publishes it, using only the keyboard", async ({ page, request, world }) => {
  const slug = `keyboard-${Date.now().toString(36)}`;
  await signInAs(page, request, world.owner);
  await page.goto(`/en/org/${world.orgSlug}`);
  await tabTo(page, page.getByRole("link", { name: "New campaign" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "New campaign" })).toBeVisible();

  await typeInto(page, page.getByLabel("Web address (slug)"), slug);
  await typeInto(page, page.getByLabel("Title (English)"), "Typed without a mouse");
  await typeInto(page, page.getByLabel("Summary (English)"), "A campaign made with the keyboard alone.");
  await typeInto(page, page.getByLabel("Body in Markdown (English)"), "Every field of this campaign was reached with **Tab**.");
  await typeInto(page, page.getByLabel("Demand (English)"), "Make arms-export permits public.");
  await typeInto(page, page.getByLabel("Subject lines (English)"), "Please make export permits public");
  await typeInto(page, page.getByLabel("Letter body (English)"), "Dear {{mp_title}},\n\n{{personal_paragraph}}\n\nSincerely,\n{{supporter_name}}");
  await typeInto(page, page.getByLabel("Prompt for the personal paragraph (English)"), "Why does this matter to you?");
  // A date field takes its parts as typed digits, month, day, year (en-US), moving on by itself.
  await typeInto(page, page.getByLabel("Source 1: date"), "06012025");
  await typeInto(page, page.getByLabel("Source 1: title"), "Report on exports of military goods");
  await typeInto(page, page.getByLabel("Source 1: publisher"), "Global Affairs Canada");
  await typeInto(page, page.getByLabel("Source 1: link (http or https)"), "https://www.international.gc.ca/");
  await tabTo(page, page.getByRole("button", { name: "Create the draft" }));
  await page.keyboard.press("Enter");
  await expect(page.getByText("Campaign created as a draft.")).toBeVisible();
  await expectAccessible(page);

  await tabTo(page, page.getByRole("button", { name: "Publish" }), 250);
  await page.keyboard.press("Enter");
  await expect(page.getByText("Published. The public page is live.")).toBeVisible();
  await expect(page.getByTestId("campaign-status")).toContainText("Published");
  await page.goto(`/en/campaigns/${slug}`);
  await expect(page.getByRole("heading", { level: 1, name: "Typed without a mouse" })).toBeVisible();
});
