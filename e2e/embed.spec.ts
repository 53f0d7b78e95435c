import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "@playwright/test";
import { fromAddress, linkIn, signInAs, test, uniqueEmail, waitForMail, waitForQueueIdle } from "./fixtures";

/** Issue #16 item 4: the sign form other sites frame (docs/decisions/0031-embeddable-sign-form.md). */

/**
 * A partner's site on another origin (127.0.0.1, another site than the app's localhost): a real
 * server of the test's own, so the browser treats the frame exactly as it would on a partner's page
 * (third-party: cookies it would set are refused, and none are sent to it).
 */
async function partnerSite(snippet: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.end(`<!doctype html><html lang="en"><head><title>Partner</title></head><body><main><h1>Partner</h1><p>Our friends' campaign:</p>${snippet}</main></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

test("a supporter signs in the form a partner's site frames, with no cookie, confirms from her email in a new tab, writes to her MP there, and the organizer sees her under the embed tag", async ({ browser, request, world }) => {
  // The owner copies the snippet from the campaign's page in the workspace.
  const organizer = await (await browser.newContext()).newPage();
  await signInAs(organizer, request, world.owner);
  await organizer.goto(`/en/org/${world.orgSlug}/campaigns/${world.campaignId}`);
  const links = organizer.getByRole("region", { name: "Links and QR codes" });
  await expect(links.getByRole("heading", { name: "Embed on another site" })).toBeVisible();
  const snippet = await links.getByLabel("Code to paste").inputValue();
  const origin = new URL(organizer.url()).origin;
  const frameUrl = `${origin}/en/campaigns/${world.campaignSlug}/embed`;
  expect(snippet).toContain(`<iframe src="${frameUrl}" title="${world.campaignTitle}"`);
  expect(snippet).toContain(`<script src="${origin}/embed.js" async></script>`);
  await expect(links.getByRole("button", { name: "Copy the code" })).toBeVisible();

  // Only the embed route may be framed, by https sites and local development; every other page refuses.
  const embedResponse = await request.get(frameUrl);
  expect(embedResponse.headers()["content-security-policy"]).toContain("frame-ancestors https: http://localhost:* http://127.0.0.1:*");
  expect(embedResponse.headers()["content-security-policy"]).toContain("script-src 'self';");
  expect(embedResponse.headers()["x-frame-options"]).toBeUndefined();
  expect(embedResponse.headers()["set-cookie"]).toBeUndefined();
  for (const path of [`/en/campaigns/${world.campaignSlug}/sign`, `/en/campaigns/${world.campaignSlug}`, "/en"]) {
    const r = await request.get(path);
    expect(r.headers()["x-frame-options"], path).toBe("DENY");
    expect(r.headers()["content-security-policy"], path).toContain("frame-ancestors 'none'");
  }

  // A partner's page on another site, in a browser of its own.
  const partner = await partnerSite(snippet);
  const context = await browser.newContext();
  const page = await context.newPage();
  await fromAddress(page);
  const cookiesSent: string[] = [];
  page.on("request", (r) => {
    const cookie = r.headers()["cookie"];
    if (r.url().startsWith(frameUrl) && cookie) cookiesSent.push(cookie);
  });
  await page.goto(partner.url);
  const frame = page.frameLocator("iframe");
  await expect(frame.getByRole("heading", { name: world.campaignTitle })).toBeVisible();
  await expect(frame.getByTestId("signature-count")).toHaveText("0 of 5,000 verified signatures");
  // The framed page posts its height; embed.js sizes the frame to it (from the snippet's 44rem).
  await expect.poll(async () => page.locator("iframe").evaluate((f: HTMLIFrameElement) => f.style.height)).toMatch(/^\d+px$/);
  const framed = await page.locator("iframe").evaluate((f: HTMLIFrameElement) => f.getBoundingClientRect().height);
  const content = await page.frames()[1].evaluate(() => document.documentElement.getBoundingClientRect().height);
  expect(Math.abs(framed - content)).toBeLessThanOrEqual(2);
  // The privacy policy and the campaign open in a new top-level tab.
  await expect(frame.getByRole("link", { name: "How we handle your data (opens in a new tab)" })).toHaveAttribute("target", "_blank");
  await expect(frame.getByRole("link", { name: "Read the whole campaign (opens in a new tab)" })).toHaveAttribute("target", "_blank");

  // An error is shown in the frame, with what she typed kept.
  const email = uniqueEmail("embed");
  await frame.getByLabel("Full name").fill("Lusine Partner");
  await frame.getByLabel("Email address").fill(email);
  await frame.getByLabel("Postal code").fill("D1A 1A1");
  await frame.getByRole("button", { name: "Sign" }).click();
  await expect(frame.getByText("Enter a Canadian postal code like K1A 0A6.").first()).toBeVisible();
  await expect(frame.getByLabel("Full name")).toHaveValue("Lusine Partner");
  await frame.getByLabel("Postal code").fill("M5V 3L9");
  await frame.getByRole("button", { name: "Sign" }).click();
  await expect(frame.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(frame.getByText(/Open the link in it to confirm your signature: it opens a new tab/)).toBeVisible();
  // Nothing was kept in a cookie: none was sent to the frame, and the browser holds none for the app.
  expect(cookiesSent).toEqual([]);
  expect(await context.cookies(origin)).toEqual([]);
  await partner.close();

  // The email's link opens a new top-level tab; confirming there gives that tab its own proven flow.
  const [mail] = await waitForMail(request, email);
  const tab = await context.newPage();
  await tab.goto(linkIn(mail.text, /http:\/\/localhost:\d+\/en\/confirm\/[A-Za-z0-9_-]+/));
  await tab.getByRole("button", { name: "Confirm my signature" }).click();
  await expect(tab.getByText("Thank you: your signature is confirmed.")).toBeVisible();
  await tab.getByRole("link", { name: "Write to your MP" }).click();
  await expect(tab.getByRole("heading", { name: "Find your Member of Parliament" })).toBeVisible();
  const ridings = tab.getByRole("radio");
  if ((await ridings.count()) > 1) await ridings.first().check();
  await tab.getByRole("button", { name: "This is my riding" }).click();
  await expect(tab.getByRole("heading", { name: /^Write to / })).toBeVisible();
  await tab.getByLabel("Your own words").fill("I signed on a partner's site and I want my MP to read this.");
  await tab.getByRole("button", { name: "Preview" }).click();
  await expect(tab.getByTestId("letter-preview")).toContainText(`"Lusine Partner" <${email}>`);
  await expect(tab.getByTestId("letter-preview")).toContainText("(postal code M5V 3L9)");
  await tab.getByRole("button", { name: "Send my letter" }).click();
  await expect(tab.getByRole("heading", { name: "Your letter is on its way" })).toBeVisible();
  await context.close();

  // The organizer's dashboard counts her confirmed signature and her letter under the embed tag.
  await waitForQueueIdle(request);
  await organizer.goto(`/en/org/${world.orgSlug}/campaigns/${world.campaignId}`);
  await expect(organizer.getByTestId("by-source").getByRole("row", { name: /^embed/ }).getByRole("cell")).toHaveText(["1", "0", "1"]);
  await organizer.context().close();
});

test("without JavaScript, the form signs with a partner's own tag, a known address gets the same answer as a new one, and the dashboard counts her under that tag", async ({ browser, request, world }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await fromAddress(page);
  const email = uniqueEmail("nojs-embed");
  const pages: string[] = [];
  for (const attempt of [1, 2]) {
    await page.goto(`/fr/campaigns/${world.campaignSlug}/embed?src=partner-blog`);
    await expect(page.locator('input[type="hidden"][name="source"]')).toHaveValue("partner-blog");
    await page.getByLabel("Nom complet").fill(`Anahit ${attempt}`);
    await page.getByLabel("Adresse courriel").fill(email);
    await page.getByLabel("Code postal").fill("K1A 0A6");
    await page.getByRole("button", { name: "Signer" }).click();
    await expect(page.getByRole("heading", { name: "Vérifiez vos courriels" })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/fr/campaigns/${world.campaignSlug}/embed\\?sent=1&src=partner-blog$`));
    pages.push(await page.locator("main").innerText());
  }
  // The same page whether or not the address had signed: nothing says which.
  expect(pages[1]).toBe(pages[0]);
  expect(await context.cookies()).toEqual([]);
  await context.close();

  // She confirms from her mailbox (whether the second signing mails again is the worker's business).
  const mails = await waitForMail(request, email);
  const confirmer = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await confirmer.goto(linkIn(mails[0].text, /http:\/\/localhost:\d+\/fr\/confirm\/[A-Za-z0-9_-]+/));
  await confirmer.getByRole("button", { name: "Confirmer ma signature" }).click();
  await expect(confirmer.getByTestId("signature-status")).toBeVisible();
  await confirmer.context().close();

  // The owner sees one confirmed signature under the partner's tag.
  await waitForQueueIdle(request);
  const organizer = await (await browser.newContext()).newPage();
  await signInAs(organizer, request, world.owner);
  await organizer.goto(`/en/org/${world.orgSlug}/campaigns/${world.campaignId}`);
  await expect(organizer.getByTestId("by-source").getByRole("row", { name: /partner-blog/ }).getByRole("cell")).toHaveText(["1", "0", "0"]);
  await organizer.context().close();
});

test("an owner limits the sign form to her partners' sites: the frame's policy names them alone, and emptying the list opens it to any https site again", async ({ page, request, world }) => {
  const embed = `/en/campaigns/${world.campaignSlug}/embed`;
  const ancestors = async () => (await request.get(embed)).headers()["content-security-policy"].split("; ").find((d) => d.startsWith("frame-ancestors"));
  expect(await ancestors()).toBe("frame-ancestors https: http://localhost:* http://127.0.0.1:*");
  await signInAs(page, request, world.owner);
  await page.goto(`/en/org/${world.orgSlug}/settings`);
  const sites = page.getByLabel("Sites that may show your sign forms (optional)");
  // A plain-http site is refused with a reason, and what was typed stays.
  await sites.fill("http://partner.example");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Enter each site as an https address, like https://partner.example.")).toBeVisible();
  await expect(sites).toHaveValue("http://partner.example");
  await sites.fill("https://partner.example/petitions\nally.example.org");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toContainText("Settings saved.");
  await expect(page.getByLabel("Sites that may show your sign forms (optional)")).toHaveValue("https://partner.example\nhttps://ally.example.org");
  await expect.poll(ancestors).toBe("frame-ancestors https://partner.example https://ally.example.org");
  await page.getByLabel("Sites that may show your sign forms (optional)").fill("");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toContainText("Settings saved.");
  await expect.poll(ancestors).toBe("frame-ancestors https: http://localhost:* http://127.0.0.1:*");
});
