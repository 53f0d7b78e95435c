import { expect, type Page } from "@playwright/test";
import { createWorld, expectAccessible, retargetForm, signInAs, test, type TestWorld } from "./fixtures";

/** The campaign's id, found as an organizer finds it: from her organization's page. */
async function campaignIdOf(page: Page, world: TestWorld): Promise<string> {
  await page.goto(`/en/org/${world.orgSlug}`);
  await page.getByRole("link", { name: world.campaignTitle }).click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
  return /campaigns\/([0-9a-f-]{36})$/.exec(page.url())![1];
}

test("an organizer signs in from the mailbox link, creates a campaign in French and English with a template, previews the letter for a real MP, publishes it, and sees the public page", async ({ page, request, world }) => {
  const slug = `e2e-sensors-${Date.now().toString(36)}`;
  await signInAs(page, request, world.owner);
  await page.goto(`/en/org/${world.orgSlug}`);
  await page.getByRole("link", { name: "New campaign" }).click();
  await expect(page.getByRole("heading", { name: "New campaign" })).toBeVisible();

  await page.getByLabel("Web address (slug)").fill(slug);
  await page.getByLabel("Signature goal").fill("750");
  await page.getByRole("checkbox", { name: "French", exact: true }).check();

  await page.getByLabel("Title (English)").fill("Stop sensor exports to drone makers");
  await page.getByLabel("Summary (English)").fill("Canadian targeting sensors keep turning up in foreign drones.");
  await page.getByLabel("Body in Markdown (English)").fill("## What happened\n\nSensors were found in **downed drones**.\n\n<script>alert(1)</script>");
  // With JavaScript the preview follows the typing, rendered by the same sanitiser as the public page.
  const enPreview = page.getByRole("region", { name: "Preview of the body (English)" });
  await expect(enPreview.locator("strong")).toHaveText("downed drones");
  await expect(enPreview).toContainText("<script>alert(1)</script>");
  await page.getByLabel("Demand (English)").fill("Cancel the export permits.");
  await page.getByLabel("Subject lines (English)").fill("Stop the sensor exports\nA constituent in {{riding}} asks you to act");
  await page.getByLabel("Letter body (English)").fill("Dear {{mp_title}},\n\nHello {{nope}}.\n\n{{personal_paragraph}}\n\nSincerely,\n{{supporter_name}}\n{{postal_code}}");
  await page.getByLabel("Prompt for the personal paragraph (English)").fill("Why does this matter to you?");

  await page.getByLabel("Title (French)").fill("Arrêtez l’exportation des capteurs");
  await page.getByLabel("Summary (French)").fill("Des capteurs canadiens se retrouvent dans des drones étrangers.");
  await page.getByLabel("Body in Markdown (French)").fill("## Ce qui s’est passé\n\nDes capteurs ont été trouvés dans des **drones abattus**.");
  await page.getByLabel("Demand (French)").fill("Annulez les licences d’exportation.");
  await page.getByLabel("Subject lines (French)").fill("Arrêtez l’exportation des capteurs");
  await page.getByLabel("Letter body (French)").fill("{{mp_title}},\n\n{{personal_paragraph}}\n\nVeuillez agréer mes salutations distinguées,\n{{supporter_name}}");
  await page.getByLabel("Prompt for the personal paragraph (French)").fill("Pourquoi est-ce important pour vous ?");

  await page.getByLabel("Source 1: date").fill("2020-10-05");
  await page.getByLabel("Source 1: title").fill("Canada suspends export permits to Turkey");
  await page.getByLabel("Source 1: publisher").fill("Global Affairs Canada");
  await page.getByLabel("Source 1: link (http or https)").fill("https://www.canada.ca/en/global-affairs/news/2020/10/statement.html");

  // An unknown merge field is refused, in words, and nothing typed is lost.
  await page.getByRole("button", { name: "Create the draft" }).click();
  const summary = page.locator(".error-summary");
  await expect(summary).toContainText("Unknown merge field: nope");
  await expect(page.getByLabel("Letter body (English)")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Title (French)")).toHaveValue("Arrêtez l’exportation des capteurs");
  await expect(page.getByLabel("Source 1: publisher")).toHaveValue("Global Affairs Canada");
  await expect(page.getByLabel("Web address (slug)")).toHaveValue(slug);
  // The editor with its error summary and live previews passes axe (a scrolling preview is reachable by keyboard).
  await expectAccessible(page);

  await page.getByLabel("Letter body (English)").fill("Dear {{mp_title}},\n\n{{personal_paragraph}}\n\nSincerely,\n{{supporter_name}}\n{{postal_code}}");
  await page.getByRole("button", { name: "Create the draft" }).click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}\/edit\?created=1$/);
  await expect(page.getByText("Campaign created as a draft.")).toBeVisible();
  await expect(page.getByTestId("campaign-status")).toContainText("Draft");
  await expect(page.getByLabel("Source 1: title")).toHaveValue("Canada suspends export permits to Turkey");

  // The letter, as the office of the MP for Yukon would receive it, in both languages.
  await page.getByLabel("Preview for the MP of (name or riding)").fill("Yukon");
  await page.getByRole("button", { name: "Preview the letter" }).click();
  const enLetter = page.getByRole("region", { name: "Letter preview (English)" });
  await expect(enLetter).toContainText("To: Brendan Hanley <brendan.hanley@parl.gc.ca> — Yukon");
  await expect(enLetter).toContainText("A constituent in Yukon asks you to act");
  await expect(enLetter).toContainText("Dear Brendan Hanley, MP,");
  await expect(enLetter).toContainText("Constituent of Yukon (postal code Y");
  await expect(enLetter).not.toContainText("{{");
  await expect(page.getByRole("region", { name: "Letter preview (French)" })).toContainText("Brendan Hanley, députée ou député,");

  const editUrl = page.url().replace(/\?.*$/, "");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published. The public page is live.")).toBeVisible();
  await expect(page.getByTestId("campaign-status")).toContainText("Published");
  // Once published, the web address is fixed.
  await expect(page.getByLabel("Web address (slug)")).toHaveAttribute("readonly", "");

  await page.goto(`/en/campaigns/${slug}`);
  await expect(page.getByRole("heading", { level: 1, name: "Stop sensor exports to drone makers" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Canada suspends export permits to Turkey" })).toBeVisible();
  await expect(page.locator("article script")).toHaveCount(0);
  await page.goto(`/fr/campaigns/${slug}`);
  await expect(page.getByRole("heading", { level: 1, name: "Arrêtez l’exportation des capteurs" })).toBeVisible();

  // Closing asks first, stops signing, and keeps the page.
  await page.goto(editUrl);
  await expect(page.getByTestId("campaign-status")).toContainText("Published");
  await page.getByRole("link", { name: "Close signing" }).click();
  await expect(page.getByText("Close signing? The page stays online")).toBeVisible();
  await page.getByRole("button", { name: "Yes, close signing" }).click();
  await expect(page.getByText("Signing is closed. The public page stays online.")).toBeVisible();
  await page.goto(`/en/campaigns/${slug}`);
  await expect(page.getByRole("heading", { level: 1, name: "Stop sensor exports to drone makers" })).toBeVisible();
  await expect(page.getByText("This campaign is closed and no longer takes signatures.")).toBeVisible();
});

test("an editor can edit a campaign, while a viewer gets a 404 on the editor", async ({ browser, request, world }) => {
  const editorPage = await (await browser.newContext()).newPage();
  await signInAs(editorPage, request, world.editor);
  const id = await campaignIdOf(editorPage, world);
  await editorPage.getByRole("link", { name: "Edit", exact: true }).click();
  await expect(editorPage).toHaveURL(new RegExp(`/campaigns/${id}/edit$`));
  await expect(editorPage.getByLabel("Title (English)")).toHaveValue(world.campaignTitle);
  await editorPage.getByRole("button", { name: "Save", exact: true }).click();
  await expect(editorPage.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  // The same editor in French.
  await editorPage.goto(`/fr/org/${world.orgSlug}/campaigns/${id}/edit`);
  await expect(editorPage.getByLabel("Titre (français)")).toHaveValue(world.campaignTitleFr);
  await expect(editorPage.getByRole("link", { name: "Fermer les signatures" })).toBeVisible();
  await editorPage.context().close();

  const viewerPage = await (await browser.newContext()).newPage();
  await signInAs(viewerPage, request, world.viewer);
  await viewerPage.goto(`/en/org/${world.orgSlug}`);
  await expect(viewerPage.getByRole("link", { name: "New campaign" })).toHaveCount(0);
  for (const path of [`/en/org/${world.orgSlug}/campaigns/${id}/edit`, `/en/org/${world.orgSlug}/campaigns/new`]) {
    const r = await viewerPage.goto(path);
    expect(r?.status(), path).toBe(404);
    await expect(viewerPage.getByLabel("Title (English)")).toHaveCount(0);
  }
  await viewerPage.context().close();
});

test("without JavaScript the editor still previews the Markdown, reports errors and keeps everything typed", async ({ browser, request, world }) => {
  const withJs = await browser.newContext();
  await signInAs(await withJs.newPage(), request, world.owner);
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await withJs.storageState() });
  await withJs.close();
  const page = await context.newPage();
  await page.goto(`/en/org/${world.orgSlug}/campaigns/new`);
  await page.getByLabel("Web address (slug)").fill(`no-js-${Date.now().toString(36)}`);
  await page.getByLabel("Title (English)").fill("A campaign typed without scripts");
  await page.getByLabel("Body in Markdown (English)").fill("Some **bold** words and [a link](javascript:alert(1)).");
  await page.getByLabel("Letter body (English)").fill("Dear {{mp_name}}, {{unknown_thing}}");
  await page.getByRole("button", { name: "Preview", exact: true }).click();
  const preview = page.getByRole("region", { name: "Preview of the body (English)" });
  await expect(preview.locator("strong")).toHaveText("bold");
  await expect(preview.locator('a[href^="javascript"]')).toHaveCount(0);
  await expect(page.getByLabel("Title (English)")).toHaveValue("A campaign typed without scripts");
  await expect(page.getByLabel("Letter body (English)")).toHaveValue("Dear {{mp_name}}, {{unknown_thing}}");

  await page.getByRole("button", { name: "Create the draft" }).click();
  await expect(page.locator(".error-summary")).toContainText("Unknown merge field: unknown_thing");
  await expect(page.getByLabel("Title (English)")).toHaveValue("A campaign typed without scripts");
  await page.getByLabel("Letter body (English)").fill("Dear {{mp_name}},\n\n{{personal_paragraph}}");
  // A named MP from the directory, found by riding.
  await page.getByLabel("Find an MP by name or riding").fill("Yukon");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.getByRole("checkbox", { name: /Brendan Hanley \(Yukon/ }).check();
  await page.getByRole("button", { name: "Create the draft" }).click();
  await expect(page.getByText("Campaign created as a draft.")).toBeVisible();
  await expect(page.getByRole("checkbox", { name: /Brendan Hanley \(Yukon/ })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Each supporter writes to their own MP" })).toBeChecked();
  await expect(page.getByLabel("Title (English)")).toHaveValue("A campaign typed without scripts");
  // Publishing an incomplete campaign is refused, naming what is missing.
  await page.getByRole("button", { name: "Publish" }).click();
  const refusal = page.locator(".notice.error");
  await expect(refusal).toContainText("The campaign cannot be published yet");
  await expect(refusal.getByRole("listitem")).toContainText(["Summary (English)", "Demand (English)", "Subject lines (English)"]);
  await expect(page.getByTestId("campaign-status")).toContainText("Draft");
  await context.close();
});

test("a keyboard user reaches the scrolling Markdown preview and always sees where focus is", async ({ page, request, world }) => {
  await signInAs(page, request, world.owner);
  await page.goto(`/en/org/${world.orgSlug}/campaigns/new`);
  // A body long enough that its preview scrolls.
  await page.getByLabel("Body in Markdown (English)").fill(Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1} of the evidence.`).join("\n\n"));
  const preview = page.getByRole("region", { name: "Preview of the body (English)" });
  await expect(preview).toContainText("Paragraph 60 of the evidence.");
  expect(await preview.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
  await preview.focus();
  await expect(preview).toBeFocused();
  await expectAccessible(page);

  // The focus ring (keyboard focus) contrasts at least 3:1 with the page behind it (WCAG 2.1 1.4.11).
  await page.getByLabel("Web address (slug)").focus();
  await page.keyboard.press("Tab");
  const ratio = await page.evaluate(() => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const lum = ([r, g, b]: number[]) =>
      [r, g, b].map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4)).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const style = getComputedStyle(document.activeElement!);
    if (style.outlineStyle === "none" || parseFloat(style.outlineWidth) < 2) return 0;
    const a = lum(rgb(style.outlineColor));
    const b = lum(rgb(getComputedStyle(document.body).backgroundColor === "rgba(0, 0, 0, 0)" ? getComputedStyle(document.documentElement).backgroundColor : getComputedStyle(document.body).backgroundColor));
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
  expect(ratio).toBeGreaterThanOrEqual(3);
});

test("a tampered form cannot touch another organization's campaign", async ({ browser, page, request, world }) => {
  // Organization B, with its own published campaign; the organizer below belongs to A (world) only.
  const b = await createWorld(request);
  const otherCampaignId = b.campaignId;
  const publicTitle = b.campaignTitle;

  await signInAs(page, request, world.owner);
  const id = await campaignIdOf(page, world);
  // Without JavaScript the campaign a form acts on travels in hidden fields an attacker can rewrite.
  const noJs = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  const plain = await noJs.newPage();
  await plain.goto(`/en/org/${world.orgSlug}/campaigns/${id}/edit`);
  // Save with B's campaign id (and a posted organizationId and status, which are ignored anyway).
  const editor = plain.locator("form.editor");
  await retargetForm(editor, `"campaign":"${id}"`, `"campaign":"${otherCampaignId}"`);
  await editor.evaluate((form) => {
    for (const [name, value] of [["organizationId", "00000000-0000-0000-0000-000000000000"], ["status", "archived"]]) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      form.appendChild(input);
    }
  });
  await plain.getByLabel("Title (English)").fill("Hijacked");
  await plain.getByRole("button", { name: "Save", exact: true }).click();
  await expect(plain).toHaveURL(new RegExp(`/en/org/${world.orgSlug}$`));

  // Close with B's id, then with B's organization slug too.
  const closeForm = () => plain.locator("form").filter({ has: plain.getByRole("button", { name: "Yes, close signing" }) });
  await plain.goto(`/en/org/${world.orgSlug}/campaigns/${id}/edit?confirm=closed`);
  await retargetForm(closeForm(), `"campaign":"${id}"`, `"campaign":"${otherCampaignId}"`);
  await plain.getByRole("button", { name: "Yes, close signing" }).click();
  await expect(plain).toHaveURL(new RegExp(`/en/org/${world.orgSlug}$`));
  await plain.goto(`/en/org/${world.orgSlug}/campaigns/${id}/edit?confirm=closed`);
  await retargetForm(closeForm(), `"org":"${world.orgSlug}"`, `"org":"${b.orgSlug}"`);
  await retargetForm(closeForm(), `"campaign":"${id}"`, `"campaign":"${otherCampaignId}"`);
  const [posted] = await Promise.all([plain.waitForResponse((r) => r.request().method() === "POST"), plain.getByRole("button", { name: "Yes, close signing" }).click()]);
  expect(posted.status()).toBe(404);
  await noJs.close();

  // B's campaign is exactly as it was: same title, still taking signatures; ours is unchanged too.
  const other = await page.goto(`/en/campaigns/${b.campaignSlug}`);
  expect(other?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: publicTitle })).toBeVisible();
  await expect(page.getByText("This campaign is closed")).toHaveCount(0);
  await page.goto(`/en/org/${world.orgSlug}/campaigns/${id}/edit`);
  await expect(page.getByTestId("campaign-status")).toContainText("Published");
  await expect(page.getByLabel("Title (English)")).toHaveValue(world.campaignTitle);
});
