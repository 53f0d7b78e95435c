import { expect, type Page } from "@playwright/test";
import { createWorld, fromAddress, retargetForm, signInAs, test, uniqueEmail } from "./fixtures";

// Ridings no other spec uses: Northwest Territories (61001), Nunavut (62001) and Egmont (11003).
// The directory is the platform's: each story runs it from a platform organization of its own.
const directoryOf = (orgSlug: string) => `/en/org/${orgSlug}/directory`;

async function search(page: Page, q: string) {
  await page.getByRole("searchbox", { name: "Search" }).fill(q);
  await page.getByRole("button", { name: "Search", exact: true }).click();
}

function row(page: Page, riding: RegExp | string) {
  return page.getByRole("row", { name: riding });
}

test("the platform owner finds MPs, imports a CSV that corrects an email and a name and leaves a riding vacant, and everyone sees it", async ({ page, request, browser }) => {
  const platform = await createWorld(request, { platform: true });
  const DIRECTORY = directoryOf(platform.orgSlug);
  await signInAs(page, request, platform.owner);
  await page.goto(`/en/org/${platform.orgSlug}`);
  await page.getByRole("link", { name: "MP directory" }).click();
  await expect(page.getByRole("heading", { name: "MP directory" })).toBeVisible();
  await expect(page.getByText(/Data as of .*2025.* \(343 MPs\)/)).toBeVisible();

  // Search by name, then by riding (without JavaScript the form is a plain GET).
  await search(page, "Hanley");
  await expect(page).toHaveURL(/\?q=Hanley/);
  await expect(page.getByRole("heading", { name: "1 riding" })).toBeVisible();
  await expect(row(page, /Yukon/)).toContainText("Brendan Hanley");
  await expect(row(page, /Yukon/)).toContainText("Liberal");
  await expect(row(page, /Yukon/)).toContainText("brendan.hanley@parl.gc.ca");
  await search(page, "Nunavut");
  await expect(row(page, /Nunavut/)).toContainText("Lori Idlout");

  // A file with mistakes: each is named with its line, and the pasted text is still there.
  await page.getByRole("link", { name: "Update from a CSV file" }).click();
  await expect(page.getByRole("heading", { name: "Update the directory" })).toBeVisible();
  const bad = "fed_num,mp_name,email\n99999,Nobody,nobody@parl.gc.ca\n61001,Rebecca Alty,not-an-email\n";
  await page.getByLabel("Or paste the CSV text").fill(bad);
  await page.getByRole("button", { name: "Show the changes" }).click();
  const alert = page.getByRole("alert", { name: "The file could not be read" });
  await expect(alert).toContainText("Line 2: “99999” is not a riding of the 2023 Representation Order.");
  await expect(alert).toContainText("Line 3: “not-an-email” is not an email address.");
  await expect(page.getByLabel("Or paste the CSV text")).toHaveValue(bad);
  await expect(page.getByRole("button", { name: "Apply these changes" })).toHaveCount(0);

  // The right file, uploaded: the diff lists exactly the three changes.
  const csv =
    '"fed_num","mp_name","party","email"\r\n' +
    '"61001","Rebecca Alty","Liberal","rebecca.alty.mp@parl.gc.ca"\r\n' +
    '"62001","","",""\r\n' +
    '"11003","Robert John Morrissey","Liberal","robert.morrissey@parl.gc.ca"\r\n' +
    '"60001","Brendan Hanley","Liberal","brendan.hanley@parl.gc.ca"\r\n';
  await page.getByLabel("CSV file").setInputFiles({ name: "members.csv", mimeType: "text/csv", buffer: Buffer.from("\ufeff" + csv) });
  await page.getByLabel("The data is as of").fill("2026-11-01");
  await page.getByRole("button", { name: "Show the changes" }).click();
  const diff = page.getByRole("region", { name: "What this import changes" });
  await expect(diff).toContainText("0 new MPs, 2 corrected, 1 vacated, 1 unchanged.");
  await expect(diff.getByRole("listitem").filter({ hasText: "Northwest Territories (61001)" })).toContainText(
    "Email: rebecca.alty@parl.gc.ca → rebecca.alty.mp@parl.gc.ca",
  );
  await expect(diff.getByRole("listitem").filter({ hasText: "Egmont (11003)" }).first()).toContainText("Name: Robert J. Morrissey → Robert John Morrissey");
  await expect(diff).toContainText("Nunavut (62001): Lori Idlout leaves");
  await expect(diff).not.toContainText("Yukon");
  await expect(page.getByRole("alert", { name: "The file could not be read" })).toHaveCount(0);
  // The file's text is kept in the form, so nothing is lost between preview and apply.
  await expect(page.getByLabel("Or paste the CSV text")).toHaveValue(/61001/);

  await page.getByRole("button", { name: "Apply these changes" }).click();
  await expect(page).toHaveURL(/\/directory\?imported=0-2-1$/);
  await expect(page.getByRole("status")).toHaveText("The directory was updated: 0 new, 2 corrected, 1 vacated.");
  await expect(page.getByText(/Data as of .*2026.* \(2 MPs\)/)).toBeVisible();

  await search(page, "Nunavut");
  await expect(row(page, /Nunavut/)).toContainText("Vacant");
  await expect(row(page, /Nunavut/)).not.toContainText("Lori Idlout");
  await search(page, "Alty");
  await expect(row(page, /Northwest Territories/)).toContainText("rebecca.alty.mp@parl.gc.ca");
  await search(page, "Morrissey");
  await expect(row(page, /Egmont/)).toContainText("Robert John Morrissey");

  // Vacant ridings can be listed on their own.
  await page.goto(`${DIRECTORY}?party=vacant`);
  await expect(page.getByRole("heading", { name: "1 riding" })).toBeVisible();
  await expect(row(page, /Nunavut/)).toContainText("Vacant");

  // A supporter in the vacant riding is told so instead of being offered a letter.
  const supporter = await browser.newContext();
  const s = await supporter.newPage();
  await fromAddress(s);
  await s.goto(`/en/campaigns/${platform.campaignSlug}/sign`);
  await s.getByLabel("Full name").fill("Aputi Kilabuk");
  await s.getByLabel("Email address").fill(uniqueEmail("aputi"));
  await s.getByLabel("Postal code").fill("X0A 1H0");
  await s.getByRole("button", { name: "Sign" }).click();
  await expect(s.getByRole("heading", { name: "Find your Member of Parliament" })).toBeVisible();
  await s.getByRole("button", { name: "This is my riding" }).click();
  await expect(s.getByText("This riding has no Member of Parliament at the moment.")).toBeVisible();
  await supporter.close();
});

test("without JavaScript, the import page explains errors in French, keeps the pasted text, and ignores a tampered organization", async ({ page: signInPage, request, browser }) => {
  const platform = await createWorld(request, { platform: true });
  const other = await createWorld(request);
  const DIRECTORY = directoryOf(platform.orgSlug);
  await signInAs(signInPage, request, platform.owner);
  const noJs = await browser.newContext({ javaScriptEnabled: false, storageState: await signInPage.context().storageState() });
  const page = await noJs.newPage();
  await page.goto(`/fr/org/${platform.orgSlug}/directory/import`);
  await expect(page.getByRole("heading", { name: "Mettre à jour le répertoire" })).toBeVisible();
  await page.getByLabel("Ou collez le texte CSV").fill("Circonscription,Prénom,Nom de famille\nNulle part,Jean,Personne\n");
  await page.getByRole("button", { name: "Voir les changements" }).click();
  await expect(page.getByRole("alert", { name: "Le fichier n’a pas pu être lu" })).toContainText("Ligne 2 : « Nulle part » n’est pas une circonscription du décret de représentation de 2023.");
  await expect(page.getByLabel("Ou collez le texte CSV")).toHaveValue(/Nulle part/);
  // The search form is a plain GET.
  await page.goto(`/fr/org/${platform.orgSlug}/directory`);
  await page.getByRole("searchbox", { name: "Rechercher" }).fill("Territoires du Nord-Ouest");
  await page.getByRole("button", { name: "Rechercher", exact: true }).click();
  await expect(page.getByRole("row", { name: /Territoires du Nord-Ouest \(61001\)/ })).toBeVisible();

  // A posted organization is never trusted: the owner's Apply, re-aimed at an organization she does
  // not belong to, is "not found" and changes nothing.
  await page.goto(`/en/org/${platform.orgSlug}/directory/import`);
  await page.getByLabel("Or paste the CSV text").fill("fed_num,mp_name,party\n11001,Kent MacDonald,Independent\n");
  await page.getByRole("button", { name: "Show the changes" }).click();
  await expect(page.getByRole("region", { name: "What this import changes" })).toContainText("Party: Liberal → Independent");
  await retargetForm(page.locator("form").filter({ has: page.getByRole("button", { name: "Apply these changes" }) }), `"org":"${platform.orgSlug}"`, `"org":"${other.orgSlug}"`);
  const [posted] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Apply these changes" }).click()]);
  expect(posted.status()).toBe(404);
  await page.goto(`${DIRECTORY}?q=Cardigan`);
  await expect(page.getByRole("row", { name: /Cardigan/ })).toContainText("Liberal");
  await expect(page.getByRole("row", { name: /Cardigan/ })).not.toContainText("Independent");
  await noJs.close();
});

test("an editor may search the directory but not import; another organization's owner gets 404 on the import page", async ({ page, request, browser }) => {
  const platform = await createWorld(request, { platform: true });
  const ordinary = await createWorld(request);
  const DIRECTORY = directoryOf(platform.orgSlug);
  await signInAs(page, request, platform.editor);
  await page.goto(DIRECTORY);
  await expect(page.getByRole("heading", { name: "MP directory" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Update from a CSV file" })).toHaveCount(0);
  expect((await page.goto(`${DIRECTORY}/import`))?.status()).toBe(404);

  const other = await browser.newContext();
  const p = await other.newPage();
  await signInAs(p, request, ordinary.owner);
  // Her own organization is not a platform organization: she reads the directory, but cannot import.
  await p.goto(`/en/org/${ordinary.orgSlug}/directory`);
  await expect(p.getByRole("heading", { name: "MP directory" })).toBeVisible();
  await expect(p.getByRole("link", { name: "Update from a CSV file" })).toHaveCount(0);
  expect((await p.goto(`/en/org/${ordinary.orgSlug}/directory/import`))?.status()).toBe(404);
  expect((await p.goto(`${DIRECTORY}/import`))?.status()).toBe(404);
  expect((await p.goto(DIRECTORY))?.status()).toBe(404);
  await other.close();
});
