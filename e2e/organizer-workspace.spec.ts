import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_SLUG, fromAddress, linkIn, uniqueEmail, waitForMail, DEMO_OWNER, signInAs } from "./fixtures";

const CAMPAIGN_TITLE = /Canadian sensors, foreign wars/;

/** A figure in one of the dashboard's tables: the number in the last cell of the row naming `row`. */
async function figure(page: Page, table: string, row: string | RegExp): Promise<number> {
  const section = page.locator("section", { has: page.getByRole("heading", { name: table, exact: true }) });
  const r = section.getByRole("row", { name: row });
  if ((await r.count()) === 0) return 0;
  return Number((await r.first().getByRole("cell").last().innerText()).replace(/\D/g, ""));
}

test("the demo organizer signs in from the mailbox link, watches a new signature reach her dashboard by riding, and downloads the CSV export", async ({ page, request }) => {
  await signInAs(page, request, DEMO_OWNER);
  await expect(page.getByRole("heading", { name: /Northern Lights Disarmament Coalition/ })).toBeVisible();
  await page.getByRole("link", { name: CAMPAIGN_TITLE }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Dashboard: Canadian sensors, foreign wars/ })).toBeVisible();
  await expect(page.getByText(/Figures as of/)).toBeVisible();
  const dashboardUrl = page.url();
  const confirmedBefore = await figure(page, "Signatures by status", "Confirmed");
  const yukonBefore = await figure(page, "Confirmed signatures by riding", /^Yukon/);

  // A supporter in Whitehorse signs, picks her riding and confirms from her mailbox.
  const email = uniqueEmail("sarah");
  await fromAddress(page);
  await page.goto(`/en/campaigns/${DEMO_SLUG}/sign`);
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
  expect(await figure(page, "Signatures by status", "Confirmed")).toBe(confirmedBefore + 1);
  expect(await figure(page, "Confirmed signatures by riding", /^Yukon/)).toBe(yukonBefore + 1);
  await expect(page.locator("section", { has: page.getByRole("heading", { name: "Confirmed signatures by province or territory" }) }).getByRole("row", { name: /Yukon/ })).toBeVisible();
  await expect(page.getByRole("img", { name: "Signatures per day, last 60 days" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Map of confirmed signatures by riding" })).toBeVisible();

  // The export downloads as a file with her row, marked as not to be contacted (she did not tick the box).
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export confirmed signatures (CSV)" }).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${DEMO_SLUG}-signatures-confirmed-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  const csv = readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toBe("signed_at,status,name,email,postal_code,riding,province,residency,consent_to_contact,unsubscribed,comment");
  const mine = lines.filter((l) => l.includes(email));
  expect(mine).toHaveLength(1);
  expect(mine[0]).toMatch(new RegExp(`,confirmed,Sarah Kaska,${email.replace(/\./g, "\\.")},Y1A 1A1,Yukon,YT,resident,NO - do not contact,no,$`));
  expect(lines.length - 1).toBe(confirmedBefore + 1);

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.goto(dashboardUrl);
  await expect(page).toHaveURL(/\/en\/org\/sign-in$/);
});

test("an organizer reads her organization's page and dashboard in French", async ({ page, request }) => {
  await signInAs(page, request, DEMO_OWNER);
  await page.goto("/fr/org/demo-northern-lights");
  await expect(page.getByText("Votre rôle : Propriétaire")).toBeVisible();
  await page.getByRole("link", { name: /Capteurs canadiens, guerres étrangères/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Tableau de bord : Capteurs canadiens/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Signatures confirmées par circonscription" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Exporter les signatures confirmées (CSV)" })).toBeVisible();
});
