import { expect } from "@playwright/test";
import { createWorld, expectAccessible, signInAs, test } from "./fixtures";

/** A 1×1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

test("the owner gives the organization a contact address and a logo, and supporters see both on the campaign page", async ({ page, request, world }) => {
  await signInAs(page, request, world.owner);
  await page.goto(`/en/org/${world.orgSlug}`);
  await page.getByRole("link", { name: "Settings", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Organization settings" })).toBeVisible();

  // A mistake is explained and loses nothing typed.
  const name = await page.getByLabel("Name", { exact: true }).inputValue();
  expect(name).toBe(world.orgName);
  await page.getByLabel("Contact address (optional)").fill("not an address");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Enter an email address like contact@example.org.")).toBeVisible();
  await expect(page.getByLabel("Contact address (optional)")).toHaveValue("not an address");
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);

  // A file that is not an image is refused.
  await page.getByLabel("Logo (optional)").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: Buffer.from("<svg onload=alert(1)>") });
  await page.getByLabel("Contact address (optional)").fill("privacy@northern-lights.example");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("The logo must be a PNG, JPEG or WebP image.")).toBeVisible();

  await page.getByLabel("Logo (optional)").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG });
  await page.getByLabel("Contact address (optional)").fill("privacy@northern-lights.example");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  await expect(page.getByLabel("Contact address (optional)")).toHaveValue("privacy@northern-lights.example");

  // The audit log names the change.
  await page.getByRole("link", { name: "Audit log", exact: true }).click();
  await expect(page.getByRole("row").filter({ hasText: "Changed the organization's settings" }).first()).toBeVisible();

  // The public page: the contact address as a link, and the logo, served by this site.
  await page.goto(`/en/campaigns/${world.campaignSlug}`);
  await expect(page.getByTestId("organization-contact").getByRole("link", { name: "privacy@northern-lights.example" })).toHaveAttribute("href", "mailto:privacy@northern-lights.example");
  const logo = page.getByRole("img", { name: /logo$/ });
  await expect(logo).toBeVisible();
  expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
  const src = await logo.getAttribute("src");
  expect(src).toMatch(/^\/api\/organizations\/[^/]+\/logo\?v=/);
  const served = await request.get(src!);
  expect(served.headers()["content-type"]).toBe("image/png");
  expect(served.headers()["x-content-type-options"]).toBe("nosniff");
});

test("an editor has no settings: no link, and a 404 on the page; another organization's settings are a 404 too", async ({ page, request, world }) => {
  const other = await createWorld(request);
  await signInAs(page, request, world.editor);
  await page.goto(`/en/org/${world.orgSlug}`);
  await expect(page.getByRole("link", { name: "Settings", exact: true })).toHaveCount(0);
  for (const path of [`/en/org/${world.orgSlug}/settings`, `/en/org/${other.orgSlug}/settings`]) {
    const r = await page.goto(path);
    expect(r?.status(), path).toBe(404);
    await expect(page.getByLabel("Contact address (optional)")).toHaveCount(0);
  }
});

test("without JavaScript, in French, the settings form explains a mistake, keeps what was typed, then saves", async ({ browser, request, world }) => {
  const withJs = await browser.newContext();
  await signInAs(await withJs.newPage(), request, world.owner);
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await withJs.storageState() });
  await withJs.close();
  const page = await context.newPage();
  await page.goto(`/fr/org/${world.orgSlug}/settings`);
  await expect(page.getByRole("heading", { name: "Paramètres de l’organisation" })).toBeVisible();
  const original = await page.getByLabel("Nom", { exact: true }).inputValue();
  expect(original).toBe(world.orgName);
  await page.getByLabel("Nom", { exact: true }).fill("x");
  await page.getByLabel("Adresse de contact (facultative)").fill("contact@coalition.example");
  await page.getByRole("button", { name: "Enregistrer les paramètres" }).click();
  await expect(page.getByText("Saisissez le nom de l’organisation (au moins 2 caractères).")).toBeVisible();
  await expect(page.getByLabel("Nom", { exact: true })).toHaveValue("x");
  await expect(page.getByLabel("Adresse de contact (facultative)")).toHaveValue("contact@coalition.example");
  await page.getByLabel("Nom", { exact: true }).fill("Coalition Northern Lights (démo)");
  await page.getByRole("button", { name: "Enregistrer les paramètres" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Paramètres enregistrés." })).toBeVisible();
  await expect(page.getByLabel("Nom", { exact: true })).toHaveValue("Coalition Northern Lights (démo)");
  // And back (the organization is this story's own: nothing else reads its name).
  await page.getByLabel("Nom", { exact: true }).fill(original);
  await page.getByRole("button", { name: "Enregistrer les paramètres" }).click();
  await expect(page.getByLabel("Nom", { exact: true })).toHaveValue(original);
  await context.close();
});

test("without JavaScript, in French, an out-of-range retention period and approval with a single owner are explained, kept, then the period is saved", async ({ browser, request, world }) => {
  const withJs = await browser.newContext();
  await signInAs(await withJs.newPage(), request, world.owner);
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await withJs.storageState() });
  const page = await context.newPage();
  await page.goto(`/fr/org/${world.orgSlug}/settings`);
  await expect(page.getByRole("heading", { name: "Exportations et anonymisation" })).toBeVisible();
  const months = page.getByLabel("Anonymiser les signataires ce nombre de mois après la fermeture d’une campagne");
  const approval = page.getByLabel("Exiger l’approbation d’un deuxième propriétaire pour chaque exportation");
  const save = page.getByRole("button", { name: "Enregistrer les choix d’exportation et d’anonymisation" });
  await expect(months).toHaveValue("6");
  await expect(approval).not.toBeChecked();

  await months.fill("61");
  await save.click();
  await expect(page.getByText("Saisissez un nombre entier de mois, de 1 à 60.")).toBeVisible();
  await expect(months).toHaveValue("61");

  // The world's organization has one owner: approval cannot be required yet.
  await months.fill("12");
  await approval.check();
  await save.click();
  await expect(page.getByText(/^L’approbation exige au moins deux propriétaires/)).toBeVisible();
  await expect(approval).toBeChecked();
  await expect(months).toHaveValue("12");

  await approval.uncheck();
  await save.click();
  await expect(page.getByRole("status").filter({ hasText: "Choix d’exportation et d’anonymisation enregistrés." })).toBeVisible();
  await expect(page.getByLabel("Anonymiser les signataires ce nombre de mois après la fermeture d’une campagne")).toHaveValue("12");
  await context.close();
  // axe needs JavaScript: the same page, saved, checked in the signed-in browser that has it.
  const checked = await withJs.newPage();
  await checked.goto(`/fr/org/${world.orgSlug}/settings`);
  await expect(checked.getByLabel("Anonymiser les signataires ce nombre de mois après la fermeture d’une campagne")).toHaveValue("12");
  await expectAccessible(checked);
  await withJs.close();
});
