import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { createWorld, test, fromAddress, publicCount, signInAs, uniqueEmail, waitForMail, type SinkMessage, type TestWorld } from "./fixtures";

// The stories build on each other (the audit log shows what the earlier ones did), in one
// organization of their own that no other spec touches; other files still run beside this one.
test.describe.configure({ mode: "serial" });

/** Confirmed signatures the campaign starts with. */
const SUPPORTERS = 3;
let shared: TestWorld | undefined;
/** This file's organization, made by its first story (serial: one worker runs them all in order). */
async function worldOf(request: APIRequestContext): Promise<TestWorld> {
  return (shared ??= await createWorld(request, { supporters: SUPPORTERS }));
}
let world: TestWorld;
test.beforeEach(async ({ request }) => {
  world = await worldOf(request);
});

async function signAbroad(page: Page, email: string) {
  await page.goto(`/en/campaigns/${world.campaignSlug}/sign`);
  await page.getByLabel("Full name").fill("Test Signer");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("I am a Canadian citizen living abroad").check();
  await page.getByRole("button", { name: "Sign" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
}

async function confirmFrom(page: Page, mail: SinkMessage) {
  const link = /http:\/\/localhost:\d+\/en\/confirm\/[A-Za-z0-9_-]+/.exec(mail.text ?? "")![0];
  await page.goto(link);
  await page.getByRole("button", { name: "Confirm my signature" }).click();
  await expect(page.getByRole("heading", { name: "Your signature", exact: true })).toBeVisible();
}

async function openModeration(page: Page) {
  await page.goto("/en/org");
  await page.getByRole("link", { name: world.campaignTitle }).first().click();
  await page.getByRole("link", { name: "Moderation" }).click();
  await expect(page.getByRole("heading", { name: /^Moderation: / })).toBeVisible();
}

async function invalidatedOnDashboard(page: Page): Promise<number> {
  await page.goto("/en/org");
  await page.getByRole("link", { name: world.campaignTitle }).first().click();
  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Invalidated", exact: true }) });
  return Number((await row.getByRole("cell").innerText()).replace(/\D/g, ""));
}

test("a burst of signatures from one address lands in the owner's flag queue, with why it was flagged", async ({ page, request }) => {
  const third = 1 + Math.floor(Math.random() * 250);
  const ip = await fromAddress(page, `198.19.${third}.7`);
  await signAbroad(page, uniqueEmail("first"));
  await fromAddress(page, ip);
  await signAbroad(page, uniqueEmail("second")); // the same minute: over the per-IP limit, yet the same page

  await signInAs(page, request, world.owner);
  await openModeration(page);
  const row = page.getByRole("row").filter({ hasText: `198.19.${third}.0/24` });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Too many signatures from one IP address in a few minutes");
  await expect(row).toContainText("example.org");
  // The moderator sees the domain and the range, never the full address or name.
  await expect(row).not.toContainText(ip);
  await expect(row).not.toContainText("Test Signer");
  // Its signer has not confirmed yet: approved, it waits for the confirmation like any other.
  await row.getByRole("button", { name: /^Approve the signature/ }).click();
  await expect(page.getByText("Signature approved: it will count once its address is confirmed.")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: `198.19.${third}.0/24` })).toHaveCount(0);
});

test("bulk invalidation by email domain: the preview's count is what leaves the public count, and an empty filter is refused", async ({ page, request }) => {
  const domain = `bulk${Date.now().toString(36)}.example`;
  const emails = [1, 2].map((i) => `signer${i}@${domain}`);
  for (const email of emails) {
    await fromAddress(page);
    await signAbroad(page, email);
    const [mail] = await waitForMail(request, email);
    await confirmFrom(page, mail);
  }
  // The campaign's own supporters and these two: the burst story's signatures never confirmed.
  await expect.poll(() => publicCount(page, world.campaignSlug), { timeout: 15_000 }).toBe(SUPPORTERS + 2);

  await signInAs(page, request, world.owner);
  expect(await invalidatedOnDashboard(page)).toBe(0);
  await openModeration(page);

  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByText("Fill in at least one filter: invalidating every signature is not allowed.")).toBeVisible();

  await page.getByLabel("Email domain", { exact: true }).fill(domain);
  await expect(page.getByLabel("Include signatures already confirmed")).toBeChecked();
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByText("2 signatures match this filter.")).toBeVisible();
  // Nothing has changed yet.
  await expect(page.getByLabel("Email domain", { exact: true })).toHaveValue(domain);
  await page.getByRole("button", { name: "Invalidate 2 signatures" }).click();
  await expect(page.getByText(/^2 signatures invalidated/)).toBeVisible();

  await expect.poll(() => publicCount(page, world.campaignSlug), { timeout: 15_000 }).toBe(SUPPORTERS);
  expect(await invalidatedOnDashboard(page)).toBe(2);
});

test("the owner invites a new address as viewer; the invitee signs in and sees the organization without export", async ({ page, request, browser }) => {
  const invitee = uniqueEmail("invitee");
  await signInAs(page, request, world.owner);
  await page.goto("/en/org");
  await page.getByRole("link", { name: world.orgName }).click();
  await page.getByRole("link", { name: "Members" }).click();
  await expect(page.getByRole("heading", { name: "Members", level: 1 })).toBeVisible();
  // The only owner cannot step down: the organization would have none.
  await page.getByLabel(`Role for ${world.owner}`).selectOption("viewer");
  await page.getByRole("row").filter({ hasText: world.owner }).getByRole("button", { name: "Save role" }).click();
  await expect(page.getByText("An organization needs at least one owner: make someone else an owner first.")).toBeVisible();
  await expect(page.getByLabel(`Role for ${world.owner}`)).toHaveValue("owner");
  await page.getByLabel("Email address").fill("not an address");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText("Enter an email address like name@example.com.")).toBeVisible();
  await page.getByLabel("Email address").fill(invitee);
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${invitee}.`)).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: invitee })).toContainText("Viewer");

  const [mail] = await waitForMail(request, invitee);
  expect(mail.subject).toContain(`Invitation to ${world.orgName} on Constituent`);
  expect(mail.text).toMatch(/http:\/\/localhost:\d+\/en\/org\/sign-in/);

  const context = await browser.newContext();
  const theirs = await context.newPage();
  await signInAs(theirs, request, invitee);
  const section = theirs.locator("section").filter({ has: theirs.getByRole("link", { name: world.orgName }) });
  await expect(section).toContainText("Viewer");
  await theirs.getByRole("link", { name: world.campaignTitle }).first().click();
  await expect(theirs.getByText("As a viewer you see totals only")).toBeVisible();
  await expect(theirs.getByRole("link", { name: /Export .* \(CSV\)/ })).toHaveCount(0);
  await expect(theirs.getByRole("link", { name: "Moderation" })).toHaveCount(0);
  await context.close();

  // The invitation has been accepted: it is no longer listed as open.
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: invitee })).toContainText("Viewer");
  await expect(page.getByRole("region", { name: "Invitations not yet accepted" }).getByText(invitee)).toHaveCount(0);
});

test("the audit log shows the bulk invalidation and the invitation", async ({ page, request }) => {
  await signInAs(page, request, world.owner);
  await page.goto("/en/org");
  await page.getByRole("link", { name: world.orgName }).click();
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  // This organization's log: exactly the one bulk invalidation and the one invitation above.
  const bulk = page.getByRole("row").filter({ hasText: "Invalidated signatures in bulk" });
  await expect(bulk).toHaveCount(1);
  await expect(bulk).toContainText(world.owner);
  await expect(bulk).toContainText("count: 2");
  await expect(page.getByRole("row").filter({ hasText: "Invited a member" })).toHaveCount(1);
  await expect(page.getByRole("row").filter({ hasText: "Invited a member" })).toContainText("role: viewer");
  await page.getByLabel("Show").selectOption({ label: "Invited a member" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("row").filter({ hasText: "Invalidated signatures in bulk" })).toHaveCount(0);
  // The same log in French.
  await page.goto(page.url().replace("/en/org/", "/fr/org/"));
  await expect(page.getByRole("heading", { name: "Journal d’audit" })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "A invité un membre" }).first()).toBeVisible();
});

test("without JavaScript, the bulk invalidation's preview and confirmation still work, carrying the same filter", async ({ page, request, browser }) => {
  const domain = `nojs${Date.now().toString(36)}.example`;
  await fromAddress(page);
  await signAbroad(page, `one@${domain}`);
  await signInAs(page, request, world.owner);
  await openModeration(page);
  const url = page.url();

  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  const plain = await context.newPage();
  await plain.goto(url);
  await plain.getByRole("button", { name: "Preview" }).click();
  await expect(plain.getByText("Fill in at least one filter: invalidating every signature is not allowed.")).toBeVisible();
  await plain.getByLabel("Email domain", { exact: true }).fill(domain);
  await plain.getByRole("button", { name: "Preview" }).click();
  await expect(plain.getByText("1 signature matches this filter.")).toBeVisible();
  await expect(plain.getByLabel("Email domain", { exact: true })).toHaveValue(domain);
  await plain.getByRole("button", { name: "Invalidate 1 signature" }).click();
  await expect(plain.getByText(/^1 signature invalidated/)).toBeVisible();
  await context.close();
});

test("twenty confirmations from one email domain within the hour show as unusual activity on the dashboard", async ({ page, request }) => {
  // One IP cannot confirm twenty in an hour any more (over the per-IP limit nothing is mailed):
  // a farm of addresses at one domain, each from its own network address, is what shows here.
  const domain = `surge${Date.now().toString(36)}.example`;
  // "Unusual" is relative to the hour's usual source: five ordinary signers, one per domain.
  const usual = [1, 2, 3, 4, 5].map((i) => `someone@usual${i}${Date.now().toString(36)}.example`);
  for (const [i, email] of [...usual, ...Array.from({ length: 20 }, (_, k) => `signer${k}@${domain}`)].entries()) {
    const r = await request.post(`/api/campaigns/${world.campaignSlug}/signatures`, {
      data: { name: "Surge Signer", email, residency: "ally_abroad" },
      headers: { "x-forwarded-for": `198.19.${1 + Math.floor(Math.random() * 250)}.${1 + i}` },
    });
    expect(r.status()).toBe(202);
    const [mail] = await waitForMail(request, email);
    await confirmFrom(page, mail);
  }
  await signInAs(page, request, world.owner);
  await page.getByRole("link", { name: world.campaignTitle }).first().click();
  const notice = page.getByRole("status").filter({ hasText: "Unusual activity" });
  await expect(notice).toContainText(`${domain} (20)`);
  await notice.getByRole("link", { name: "Review in moderation" }).click();
  await expect(page.getByRole("row").filter({ hasText: domain })).toContainText("20");
});
