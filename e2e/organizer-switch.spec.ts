import { expect, type Page } from "@playwright/test";
import { test, DEMO_MULTI, DEMO_ORG, OTHER_ORG, signInAs } from "./fixtures";

const ORG_A = "Northern Lights Disarmament Coalition (demo)";
const ORG_B = "Open Skies Network (demo)";
const CAMPAIGN_A = /Canadian sensors, foreign wars/;
const CAMPAIGN_B = "Publish the annual arms-export report on time";

/** What an editor may do and a viewer may not: the campaign's export and edit links, and the org's editing sections. */
async function expectEditorLinks(page: Page, campaign: string | RegExp, present: boolean) {
  const count = present ? 1 : 0;
  const nav = page.getByRole("navigation", { name: "Organization" });
  await expect(nav.getByRole("link", { name: "New campaign" })).toHaveCount(count);
  await expect(nav.getByRole("link", { name: "Block list" })).toHaveCount(count);
  await page.getByRole("link", { name: campaign }).first().click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("link", { name: "Export confirmed signatures (CSV)" })).toHaveCount(count);
  await expect(page.getByRole("link", { name: "Edit", exact: true })).toHaveCount(count);
  // Back to the organization's page, and there before the story goes on: a navigation started
  // while this one is still under way interrupts it (a CI run failed the next `goto` that way).
  await page.goBack();
  await expect(page).toHaveURL(/\/org\/[a-z0-9-]+$/);
}

test("a volunteer in two organizations switches from one to the other with the keyboard: editor here, viewer there", async ({ page, request }) => {
  await signInAs(page, request, DEMO_MULTI);
  // Her organizations page lists both.
  await expect(page.getByRole("link", { name: ORG_A })).toBeVisible();
  await expect(page.getByRole("link", { name: ORG_B })).toBeVisible();
  await page.getByRole("link", { name: ORG_A }).click();
  await expect(page).toHaveURL(new RegExp(`/en/org/${DEMO_ORG}$`));
  await expect(page.getByText("Your role: Editor")).toBeVisible();
  await expectEditorLinks(page, CAMPAIGN_A, true);

  // The switcher is a disclosure: Enter opens it, Tab reaches the other organization, Enter follows it.
  const summary = page.getByText("Switch organization", { exact: true });
  await summary.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText(`${ORG_A} (Editor, current)`)).toBeVisible();
  const other = page.getByRole("link", { name: `${ORG_B} (Viewer)` });
  await page.keyboard.press("Tab");
  await expect(other).toBeFocused();
  await page.keyboard.press("Enter");

  await expect(page).toHaveURL(new RegExp(`/en/org/${OTHER_ORG}$`));
  await expect(page.getByRole("heading", { name: ORG_B, level: 1 })).toBeVisible();
  await expect(page.getByText("Your role: Viewer")).toBeVisible();
  await expectEditorLinks(page, CAMPAIGN_B, false);
  // Hidden links are a courtesy: the block list itself is not found for a viewer.
  expect((await page.goto(`/en/org/${OTHER_ORG}/blocklist`))?.status()).toBe(404);

  // And back, with the pointer this time.
  await page.goto(`/en/org/${OTHER_ORG}`);
  await page.getByText("Switch organization", { exact: true }).click();
  await expect(page.getByText(`${ORG_B} (Viewer, current)`)).toBeVisible();
  await page.getByRole("link", { name: `${ORG_A} (Editor)` }).click();
  await expect(page).toHaveURL(new RegExp(`/en/org/${DEMO_ORG}$`));
  await expect(page.getByText("Your role: Editor")).toBeVisible();
});
