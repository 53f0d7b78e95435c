import { readFileSync } from "node:fs";
import { expect, type Page } from "@playwright/test";
import { fromAddress, linkIn, signInAs, test, uniqueEmail, waitForMail } from "./fixtures";

// Three confirmed supporters abroad to start with: no riding, so Yukon starts at zero.
test.use({ worldSupporters: 3 });

/** A figure in one of the dashboard's tables: the number in the last cell of the row naming `row`. */
async function figure(page: Page, table: string, row: string | RegExp): Promise<number> {
  const section = page.locator("section", { has: page.getByRole("heading", { name: table, exact: true }) });
  const r = section.getByRole("row", { name: row });
  if ((await r.count()) === 0) return 0;
  return Number((await r.first().getByRole("cell").last().innerText()).replace(/\D/g, ""));
}

test("an organizer signs in from the mailbox link, watches a new signature reach her dashboard by riding, and downloads the CSV export", async ({ page, request, world }) => {
  await signInAs(page, request, world.owner);
  await expect(page.getByRole("heading", { name: world.orgName })).toBeVisible();
  await page.getByRole("link", { name: world.campaignTitle }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Dashboard: ${world.campaignTitle}` })).toBeVisible();
  await expect(page.getByText(/Figures as of/)).toBeVisible();
  const dashboardUrl = page.url();
  expect(await figure(page, "Signatures by status", "Confirmed")).toBe(3);
  expect(await figure(page, "Confirmed signatures by riding", /^Yukon/)).toBe(0);

  // A supporter in Whitehorse signs, picks her riding and confirms from her mailbox.
  const email = uniqueEmail("sarah");
  await fromAddress(page);
  await page.goto(`/en/campaigns/${world.campaignSlug}/sign`);
  await page.getByLabel("Full name").fill("Sarah Kaska");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Postal code").fill("Y1A 1A1");
  await page.getByRole("button", { name: "Sign" }).click();
  await expect(page.getByRole("heading", { name: "Find your Member of Parliament" })).toBeVisible();
  await page.getByRole("radio", { name: /Yukon/ }).check();
  await page.getByRole("button", { name: "This is my riding" }).click();
  await expect(page.getByRole("heading", { name: /^Write to / })).toBeVisible();
  const [confirmation] = await waitForMail(request, email);
  await page.goto(linkIn(confirmation.text, /http:\/\/localhost:\d+\/en\/confirm\/[A-Za-z0-9_-]+/));
  await page.getByRole("button", { name: "Confirm my signature" }).click();
  await expect(page.getByText("Thank you: your signature is confirmed.")).toBeVisible();

  // The dashboard counts her: in the totals, in the funnel, and in Yukon's row with its MP.
  await page.goto(dashboardUrl);
  expect(await figure(page, "Signatures by status", "Confirmed")).toBe(4);
  expect(await figure(page, "Confirmed signatures by riding", /^Yukon/)).toBe(1);
  await expect(page.locator("section", { has: page.getByRole("heading", { name: "Confirmed signatures by province or territory" }) }).getByRole("row", { name: /Yukon/ })).toBeVisible();
  await expect(page.getByRole("img", { name: "Signatures per day, last 60 days" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Map of confirmed signatures by riding" })).toBeVisible();

  // The export downloads as a file with her row, marked as not to be contacted (she did not tick the box).
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export confirmed signatures (CSV)" }).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${world.campaignSlug}-signatures-confirmed-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  const csv = readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
  const lines = csv.trim().split("\r\n");
  // The first line names this export, so a leaked file can be traced to one download (decision 0025).
  expect(lines[0]).toMatch(new RegExp(`^# Constituent export [0-9a-f-]{36} · ${world.orgSlug} · ${world.campaignSlug} · `));
  expect(lines[1]).toBe("signed_at,status,name,email,postal_code,riding,province,residency,consent_to_contact,unsubscribed,comment,source");
  const mine = lines.filter((l) => l.includes(email));
  expect(mine).toHaveLength(1);
  expect(mine[0]).toMatch(new RegExp(`,confirmed,Sarah Kaska,${email.replace(/\./g, "\\.")},Y1A 1A1,Yukon,YT,resident,NO - do not contact,no,,$`));
  expect(lines.length - 2).toBe(4);
  for (const supporter of world.supporters) expect(lines.filter((l) => l.includes(supporter))).toHaveLength(1);

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.goto(dashboardUrl);
  await expect(page).toHaveURL(/\/en\/org\/sign-in$/);
});

test("an organizer reads her organization's page and dashboard in French", async ({ page, request, world }) => {
  await signInAs(page, request, world.owner);
  await page.goto(`/fr/org/${world.orgSlug}`);
  await expect(page.getByText("Votre rôle : Propriétaire")).toBeVisible();
  await page.getByRole("link", { name: world.campaignTitleFr }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Tableau de bord : ${world.campaignTitleFr}` })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Signatures confirmées par circonscription" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Exporter les signatures confirmées (CSV)" })).toBeVisible();
});
