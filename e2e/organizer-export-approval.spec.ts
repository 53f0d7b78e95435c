import { readFileSync } from "node:fs";
import { expect } from "@playwright/test";
import { createWorld, expectAccessible, linkIn, mailTo, signInAs, test, type SinkMessage } from "./fixtures";

// Two confirmed supporters to start with: the export must carry exactly them.
test.use({ worldSupporters: 2 });

const APPROVAL = "Require a second owner's approval for every export";
const MONTHS = "Anonymise supporters this many months after a campaign closes";
const SAVE = "Save export and anonymisation choices";
const HEADER = "signed_at,status,name,email,postal_code,riding,province,residency,consent_to_contact,unsubscribed,comment,source";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test("an export waits for a second owner", async ({ browser, page, request, world }) => {
  // The owner turns approval on, with the keyboard: refused while she is the only owner, and what she typed stays.
  await signInAs(page, request, world.owner);
  await page.goto(`/en/org/${world.orgSlug}/settings`);
  await expect(page.getByLabel(MONTHS)).toHaveValue("6");
  await page.getByLabel(APPROVAL).focus();
  await page.keyboard.press("Space");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel(MONTHS)).toBeFocused();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("9");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: SAVE })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Approval needs at least two owners: make another member an owner in Members first.")).toBeVisible();
  await expect(page.getByLabel(APPROVAL)).toBeChecked();
  await expect(page.getByLabel(MONTHS)).toHaveValue("9");
  await expectAccessible(page);

  // She makes the editor a second owner, then turns approval on.
  await page.getByRole("link", { name: "Members", exact: true }).click();
  const roleForm = page.locator("form").filter({ has: page.getByLabel(`Role for ${world.editor}`) });
  await roleForm.getByLabel(`Role for ${world.editor}`).selectOption("owner");
  await roleForm.getByRole("button", { name: "Save role" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Role changed." })).toBeVisible();
  await page.getByRole("link", { name: "Settings", exact: true }).click();
  await page.getByLabel(APPROVAL).check();
  await page.getByRole("button", { name: SAVE }).click();
  await expect(page.getByRole("status").filter({ hasText: "Export and anonymisation choices saved." })).toBeVisible();
  await expect(page.getByLabel(APPROVAL)).toBeChecked();
  await expectAccessible(page);

  // The dashboard no longer downloads directly: it leads to the export page, and the route refuses.
  await page.goto(`/en/org/${world.orgSlug}`);
  await page.getByRole("link", { name: world.campaignTitle }).click();
  await expect(page.getByText("Every export needs a second owner's approval.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Export confirmed signatures (CSV)" })).toHaveCount(0);
  expect((await page.request.get(`/api/org/${world.orgSlug}/campaigns/${world.campaignId}/export?status=confirmed`)).status()).toBe(409);
  await expectAccessible(page);
  await page.getByRole("link", { name: "Request or approve an export" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Export: ${world.campaignTitle}` })).toBeVisible();
  await expectAccessible(page);

  // She requests the confirmed signatures; the request waits, and she cannot approve it herself.
  await page.getByRole("button", { name: "Request this export" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your request is recorded and the other owners have been emailed." })).toBeVisible();
  const row = page.locator("tr[data-export-id]").first();
  const exportId = (await row.getAttribute("data-export-id"))!;
  expect(exportId).toMatch(UUID);
  await expect(row.locator("code")).toHaveText(exportId);
  await expect(row).toContainText("Waiting for another owner's approval");
  await expect(row).toContainText("Another owner must approve it.");
  await expect(row.getByRole("button")).toHaveCount(0);
  await expect(row.getByRole("link", { name: /^Download CSV/ })).toHaveCount(0);
  expect((await page.request.get(`/api/org/${world.orgSlug}/exports/${exportId}`)).status()).toBe(409);
  await expectAccessible(page);
  const exportPage = page.url().split("?")[0];

  // The second owner is emailed; she signs in, follows the link and approves.
  let notice: SinkMessage | undefined;
  await expect
    .poll(async () => (notice = (await mailTo(request, world.editor)).find((m) => (m.subject ?? "").startsWith("Export request to approve: "))) !== undefined, { timeout: 20_000 })
    .toBe(true);
  expect(notice!.text).toContain(world.owner);
  const link = linkIn(notice!.text, /http:\/\/localhost:\d+\/en\/org\/[^\s]+\/campaigns\/[0-9a-f-]{36}\/export/);
  const secondContext = await browser.newContext();
  const second = await secondContext.newPage();
  await signInAs(second, request, world.editor);
  await second.goto(link);
  const pending = second.locator(`tr[data-export-id="${exportId}"]`);
  await expect(pending).toContainText(world.owner);
  await expect(pending).toContainText("Waiting for another owner's approval");
  await expectAccessible(second);
  await pending.getByRole("button", { name: /^Approve the export requested by / }).click();
  await expect(second.getByRole("status").filter({ hasText: "Export approved." })).toBeVisible();
  await expect(second.locator(`tr[data-export-id="${exportId}"]`)).toContainText(`Approved by ${world.editor}`);
  // Approving is the requester's permission to download, not the approver's.
  await expect(second.locator(`tr[data-export-id="${exportId}"]`).getByRole("link", { name: /^Download CSV/ })).toHaveCount(0);
  expect((await second.request.get(`/api/org/${world.orgSlug}/exports/${exportId}`)).status()).toBe(403);
  await expectAccessible(second);
  await secondContext.close();

  // The requester downloads it once: its first line names the export, then come the columns and her supporters.
  await page.goto(exportPage);
  const approved = page.locator(`tr[data-export-id="${exportId}"]`);
  await expect(approved).toContainText(`Approved by ${world.editor}`);
  await expectAccessible(page);
  const [download] = await Promise.all([page.waitForEvent("download"), approved.getByRole("link", { name: /^Download CSV/ }).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${world.campaignSlug}-signatures-confirmed-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  const csv = readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toMatch(new RegExp(`^# Constituent export ${exportId} · ${world.orgSlug} · ${world.campaignSlug} · \\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$`));
  expect(lines[1]).toBe(HEADER);
  expect(lines).toHaveLength(2 + world.supporters.length);
  for (const supporter of world.supporters) expect(lines.filter((l) => l.includes(supporter))).toHaveLength(1);

  // A second download is refused, and the page says it was downloaded.
  const again = await page.request.get(`/api/org/${world.orgSlug}/exports/${exportId}`);
  expect(again.status()).toBe(410);
  expect(await again.text()).not.toContain("signed_at");
  await page.reload();
  await expect(page.locator(`tr[data-export-id="${exportId}"]`)).toContainText("Downloaded");
  await expect(page.locator(`tr[data-export-id="${exportId}"]`).getByRole("link", { name: /^Download CSV/ })).toHaveCount(0);
  await expectAccessible(page);

  // The audit log has each step, naming who: the request and the download by her, the approval by the second owner.
  for (const [action, who] of [
    ["export.request", world.owner],
    ["export.approve", world.editor],
    ["signatures.export", world.owner],
  ]) {
    await page.goto(`/en/org/${world.orgSlug}/audit?action=${action}`);
    await expect(page.locator("tbody tr").filter({ hasText: who }).first()).toBeVisible();
  }
});

test("an export's page and download are refused to a viewer and to another organization's owner", async ({ browser, page, request, world }) => {
  // The owner downloads directly (no approval required): the export gets an identifier of its own.
  await signInAs(page, request, world.owner);
  const own = await page.request.get(`/api/org/${world.orgSlug}/campaigns/${world.campaignId}/export?status=confirmed`);
  expect(own.status()).toBe(200);
  const firstLine = (await own.text()).replace(/^\uFEFF/, "").split("\r\n")[0];
  const exportId = /^# Constituent export ([0-9a-f-]{36}) · /.exec(firstLine)![1];
  await page.goto(`/en/org/${world.orgSlug}/campaigns/${world.campaignId}/export`);
  await expect(page.locator(`tr[data-export-id="${exportId}"]`)).toContainText("Downloaded");
  await expectAccessible(page);

  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await signInAs(viewer, request, world.viewer);
  expect((await viewer.goto(`/en/org/${world.orgSlug}/campaigns/${world.campaignId}/export`))?.status()).toBe(404);
  expect((await viewer.request.get(`/api/org/${world.orgSlug}/exports/${exportId}`)).status()).toBe(403);
  await viewerContext.close();

  const other = await createWorld(request);
  const strangerContext = await browser.newContext();
  const stranger = await strangerContext.newPage();
  await signInAs(stranger, request, other.owner);
  for (const path of [`/en/org/${world.orgSlug}/campaigns/${world.campaignId}/export`, `/en/org/${other.orgSlug}/campaigns/${world.campaignId}/export`]) {
    expect((await stranger.goto(path))?.status(), path).toBe(404);
  }
  for (const path of [`/api/org/${world.orgSlug}/exports/${exportId}`, `/api/org/${other.orgSlug}/exports/${exportId}`]) {
    const r = await stranger.request.get(path);
    expect(r.status(), path).toBe(404);
    expect(await r.text()).not.toContain("signed_at");
  }
  await strangerContext.close();
});
