import { expect, type Page } from "@playwright/test";
import { fromAddress, mailTo, signInAs, test, waitForQueueIdle, type TestWorld } from "./fixtures";

// The campaign starts with two confirmed signatures, so "not counted" is a fact about a number.
test.use({ worldSupporters: 2 });

async function openBlocklist(page: Page, world: TestWorld) {
  await page.goto("/en/org");
  await page.getByRole("link", { name: world.orgName }).click();
  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Block list" }).click();
  await expect(page.getByRole("heading", { name: "Block list", level: 1 })).toBeVisible();
}

/** The campaign dashboard's count for one status (computed when the page loads). */
async function dashboardCount(page: Page, world: TestWorld, status: string): Promise<number> {
  await page.goto("/en/org");
  await page.getByRole("link", { name: world.orgName }).click();
  await page.getByRole("link", { name: world.campaignTitle }).first().click();
  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: status, exact: true }) });
  return Number((await row.getByRole("cell").first().innerText()).replace(/\D/g, ""));
}

test("an editor blocks an email domain: its signer sees the usual pages but is not counted and waits in the flag queue; the editor unblocks it; the owner's audit log shows both", async ({ page, request, browser, world }) => {
  const domain = `blk${Date.now().toString(36)}.example`;
  await signInAs(page, request, world.editor);
  expect(await dashboardCount(page, world, "Confirmed")).toBe(2);
  expect(await dashboardCount(page, world, "Flagged for review (not counted)")).toBe(0);

  await openBlocklist(page, world);
  // Garbage and a range far too wide are refused, with what was typed kept.
  await page.getByLabel("Kind").selectOption("ip_range");
  await page.getByLabel("Email domain or IP range").fill("10.0.0.0/4");
  await page.getByRole("button", { name: "Add to the block list" }).click();
  await expect(page.getByText("This range is too wide: at most /8 for IPv4 and /32 for IPv6.")).toBeVisible();
  await expect(page.getByLabel("Email domain or IP range")).toHaveValue("10.0.0.0/4");
  await page.getByLabel("Kind").selectOption("email_domain");
  await page.getByLabel("Email domain or IP range").fill("not a domain");
  await page.getByRole("button", { name: "Add to the block list" }).click();
  await expect(page.getByText("Enter a domain like spam.example (without the name and @).")).toBeVisible();

  await page.getByLabel("Email domain or IP range").fill(`@${domain.toUpperCase()}`);
  await page.getByLabel("Reason (optional)").fill("Signatures from a disposable-address service");
  await page.getByRole("button", { name: "Add to the block list" }).click();
  await expect(page.getByText(`${domain} added to the block list.`)).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: domain });
  await expect(row).toContainText("Email domain");
  await expect(row).toContainText("Signatures from a disposable-address service");
  await expect(row).toContainText(world.editor);

  // A supporter signs with an address at that domain, in her own browser: nothing tells her.
  const supporter = await browser.newContext();
  const sp = await supporter.newPage();
  await fromAddress(sp);
  const email = `someone@${domain}`;
  await sp.goto(`/en/campaigns/${world.campaignSlug}/sign`);
  await sp.getByLabel("Full name").fill("Blocked Signer");
  await sp.getByLabel("Email address").fill(email);
  await sp.getByLabel("I am a Canadian citizen living abroad").check();
  await sp.getByRole("button", { name: "Sign" }).click();
  await expect(sp.getByRole("heading", { name: "Check your email" })).toBeVisible();
  // Silent flagging: nothing is mailed to a blocked address (it could be anyone's).
  await waitForQueueIdle(request);
  expect(await mailTo(request, email)).toHaveLength(0);
  await supporter.close();

  // Not counted: flagged, with the block list as the reason.
  expect(await dashboardCount(page, world, "Flagged for review (not counted)")).toBe(1);
  expect(await dashboardCount(page, world, "Confirmed")).toBe(2);
  await page.getByRole("link", { name: "Moderation" }).click();
  const flagged = page.getByRole("row").filter({ hasText: domain });
  await expect(flagged).toHaveCount(1);
  await expect(flagged).toContainText(`Email domain on the block list (${domain})`);

  // The editor takes the domain off the list (the page works without JavaScript too).
  const noJs = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  const plain = await noJs.newPage();
  await openBlocklist(plain, world);
  await plain.getByRole("button", { name: `Remove ${domain} from the block list` }).click();
  await expect(plain.getByText(`${domain} removed from the block list.`)).toBeVisible();
  await expect(plain.getByRole("row").filter({ hasText: domain })).toHaveCount(0);
  await noJs.close();

  // The owner's audit log lists both changes, by the editor.
  const owner = await (await browser.newContext()).newPage();
  await signInAs(owner, request, world.owner);
  await owner.getByRole("link", { name: world.orgName }).click();
  await owner.getByRole("link", { name: "Audit log" }).click();
  const added = owner.getByRole("row").filter({ hasText: "Added to the block list" }).filter({ hasText: domain });
  const removed = owner.getByRole("row").filter({ hasText: "Removed from the block list" }).filter({ hasText: domain });
  await expect(added).toHaveCount(1);
  await expect(added).toContainText(world.editor);
  await expect(removed).toHaveCount(1);
  await expect(removed).toContainText(world.editor);
});
