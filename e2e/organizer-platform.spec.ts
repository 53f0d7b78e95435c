import { expect } from "@playwright/test";
import { createWorld, signInAs, test, uniqueEmail, waitForMail } from "./fixtures";

test("a platform owner opens the platform to a new group, whose first owner signs in from the invitation and runs it", async ({ browser, page, request, world }) => {
  const platform = await createWorld(request, { platform: true });
  const slug = `new-group-${Date.now().toString(36)}`;
  const chair = uniqueEmail("chair");
  await signInAs(page, request, platform.owner);
  await page.goto(`/en/org/${platform.orgSlug}`);
  await page.getByRole("link", { name: "Organizations", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Organizations on the platform" })).toBeVisible();

  // A taken address is explained; everything typed stays.
  await page.getByLabel("Name", { exact: true }).fill("Hamilton Peace Circle");
  await page.getByLabel("Web address (slug)").fill(world.orgSlug);
  await page.getByLabel("First owner's email address").fill(chair);
  await page.getByRole("button", { name: "Create the organization" }).click();
  await expect(page.getByText("That address is already taken: choose another.")).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Hamilton Peace Circle");
  await expect(page.getByLabel("First owner's email address")).toHaveValue(chair);

  await page.getByLabel("Web address (slug)").fill(slug);
  await page.getByRole("button", { name: "Create the organization" }).click();
  await expect(page.getByRole("status")).toContainText(`Hamilton Peace Circle was created; the invitation went to ${chair}.`);
  await expect(page.getByRole("row").filter({ hasText: slug })).toContainText("0");

  // The invitation arrives; the chair signs in with that address and owns the new organization.
  const [invitation] = await waitForMail(request, chair);
  expect(invitation.text).toContain("Hamilton Peace Circle");
  const chairPage = await (await browser.newContext()).newPage();
  await signInAs(chairPage, request, chair);
  await chairPage.getByRole("link", { name: /Hamilton Peace Circle/ }).first().click();
  await expect(chairPage).toHaveURL(new RegExp(`/en/org/${slug}$`));
  await expect(chairPage.getByText("Your role: Owner")).toBeVisible();
  await expect(chairPage.getByRole("link", { name: "Members", exact: true })).toBeVisible();
  // An ordinary organization's owner does not manage the platform.
  await expect(chairPage.getByRole("link", { name: "Organizations", exact: true })).toHaveCount(0);
  await chairPage.context().close();
});

test("the owner of an ordinary organization gets a 404 on the platform's organizations page", async ({ page, request, world }) => {
  const platform = await createWorld(request, { platform: true });
  await signInAs(page, request, world.owner);
  for (const path of [`/en/org/${world.orgSlug}/organizations`, `/en/org/${platform.orgSlug}/organizations`]) {
    const r = await page.goto(path);
    expect(r?.status(), path).toBe(404);
    await expect(page.getByRole("button", { name: "Create the organization" })).toHaveCount(0);
  }
});

test("a platform owner suspends an organization: its campaign page is gone and its owner is told why; reinstated, it is back", async ({ browser, page, request, world }) => {
  // The platform suspends an organization of the test's own (world), not one other stories use.
  const platform = await createWorld(request, { platform: true });
  const suspended = world.orgSlug;
  const campaign = `/en/campaigns/${world.campaignSlug}`;
  expect((await request.get(campaign)).status()).toBe(200);
  await signInAs(page, request, platform.owner);
  await page.goto(`/en/org/${platform.orgSlug}/organizations`);
  const row = page.getByRole("row").filter({ hasText: suspended });
  // A reason is required, and said so.
  await row.getByRole("button", { name: /^Suspend/ }).click();
  await expect(page.getByText("Give a reason of 3 to 300 characters: the organization's members will read it.")).toBeVisible();
  await page.getByRole("row").filter({ hasText: suspended }).getByRole("textbox").fill("Letters copied from a spam list");
  await page.getByRole("row").filter({ hasText: suspended }).getByRole("button", { name: /^Suspend/ }).click();
  await expect(page.getByRole("status")).toContainText("is suspended");
  await expect(page.getByRole("row").filter({ hasText: suspended })).toContainText("Letters copied from a spam list");

  expect((await request.get(campaign)).status()).toBe(404);
  const ownerPage = await (await browser.newContext()).newPage();
  await signInAs(ownerPage, request, world.owner);
  await ownerPage.goto(`/en/org/${suspended}`);
  await expect(ownerPage.getByRole("status").filter({ hasText: "The platform suspended this organization" })).toContainText("Letters copied from a spam list");
  await ownerPage.context().close();

  await page.getByRole("row").filter({ hasText: suspended }).getByRole("button", { name: /^Reinstate/ }).click();
  await expect(page.getByRole("status")).toContainText("is reinstated");
  await expect.poll(async () => (await request.get(campaign)).status()).toBe(200);
});
