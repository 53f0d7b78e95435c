import jsQR from "jsqr";
import { PNG } from "pngjs";
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { createWorld, fromAddress, linkIn, signAbroadAndConfirm, signInAs, test, uniqueEmail, waitForMail } from "./fixtures";

/** Issue #16 items 1–3: share cards, QR codes and tagged links (docs/decisions/0030-share-cards-qr-and-sources.md). */

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function meta(page: Page, attribute: "property" | "name", key: string): Promise<string> {
  return (await page.locator(`meta[${attribute}="${key}"]`).getAttribute("content")) ?? "";
}

/** The share card the page names, fetched as a platform unfurling the link would. */
async function shareCard(page: Page, request: APIRequestContext) {
  const url = await meta(page, "property", "og:image");
  const r = await request.get(url);
  expect(r.status()).toBe(200);
  expect(r.headers()["content-type"]).toBe("image/png");
  expect(r.headers()["cache-control"]).toMatch(/max-age=60\b/);
  const bytes = await r.body();
  expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  const png = PNG.sync.read(bytes);
  return { url, bytes, width: png.width, height: png.height, alt: await meta(page, "property", "og:image:alt") };
}

function decodeQr(bytes: Buffer): string | null {
  const png = PNG.sync.read(bytes);
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

test.describe("share cards", () => {
  test.use({ worldSupporters: 2 });

  test("a shared campaign link unfurls as a 1200×630 card with the title and the live count, in the page's language, and a new signature changes it", async ({ page, browser, request, world }) => {
    await page.goto(`/en/campaigns/${world.campaignSlug}`);
    expect(await meta(page, "name", "twitter:card")).toBe("summary_large_image");
    expect(await meta(page, "property", "og:image:width")).toBe("1200");
    expect(await meta(page, "property", "og:image:height")).toBe("630");
    expect(await meta(page, "name", "twitter:image")).toBe(await meta(page, "property", "og:image"));
    const before = await shareCard(page, request);
    expect({ width: before.width, height: before.height }).toEqual({ width: 1200, height: 630 });
    expect(before.url).toMatch(new RegExp(`^http://localhost:\\d+/en/campaigns/${world.campaignSlug}/share-image`));
    expect(before.alt).toBe(`${world.campaignTitle}, by ${world.orgName}: 2 of 5,000 verified signatures`);

    // The Armenian page names an Armenian card.
    await page.goto(`/hy/campaigns/${world.campaignSlug}`);
    const hy = await shareCard(page, request);
    expect(hy.url).toContain(`/hy/campaigns/${world.campaignSlug}/share-image`);
    expect(hy.alt).toContain("2 հաստատված ստորագրություն 5000-ից");
    expect(hy.bytes.equals(before.bytes)).toBe(false);

    // Someone signs and confirms: the page names a new card, which shows the new count.
    const supporter = await (await browser.newContext()).newPage();
    await signAbroadAndConfirm(supporter, request, world.campaignSlug, "Nare Card", uniqueEmail("card"));
    await supporter.context().close();
    await page.goto(`/en/campaigns/${world.campaignSlug}`);
    const after = await shareCard(page, request);
    expect(after.url).not.toBe(before.url);
    expect(after.alt).toBe(`${world.campaignTitle}, by ${world.orgName}: 3 of 5,000 verified signatures`);
    expect(after.bytes.equals(before.bytes)).toBe(false);

    // A campaign that does not exist has no card.
    expect((await request.get(`/en/campaigns/no-such-${world.campaignSlug}/share-image`)).status()).toBe(404);
  });
});

test("an organizer makes a named link for her newsletter; a supporter who signs through its QR code is counted under it on the dashboard, and is offered ways to share", async ({ browser, request, world }) => {
  const organizer = await (await browser.newContext()).newPage();
  await signInAs(organizer, request, world.editor);
  await organizer.goto(`/en/org/${world.orgSlug}/campaigns/${world.campaignId}`);
  const links = organizer.getByRole("region", { name: "Links and QR codes" });
  await expect(links.getByTestId("campaign-link")).toHaveText(new RegExp(`/en/campaigns/${world.campaignSlug}$`));
  await links.getByLabel("Name").fill("Newsletter, December");
  await links.getByLabel("Tag").fill("newsletter-dec");
  await links.getByRole("button", { name: "Create the link" }).click();
  await expect(organizer.getByText("Link created: Newsletter, December.")).toBeVisible();
  const row = links.getByTestId("named-links").getByRole("row", { name: /Newsletter, December/ });
  const tagged = new RegExp(`^http://localhost:\\d+/en/campaigns/${world.campaignSlug}\\?src=newsletter-dec$`);
  await expect(row.locator(".share-url")).toHaveText(tagged);

  // The same tag twice is refused with a reason.
  await links.getByLabel("Name").fill("Newsletter again");
  await links.getByLabel("Tag").fill("newsletter-dec");
  await links.getByRole("button", { name: "Create the link" }).click();
  await expect(links.getByText("This campaign already has a link with this tag.")).toBeVisible();

  // Its QR code, downloaded as the organizer's browser does, reads as the tagged link.
  const png = await organizer.request.get((await row.getByRole("link", { name: "QR code for Newsletter, December, PNG" }).getAttribute("href"))!);
  expect(png.headers()["content-type"]).toBe("image/png");
  expect(png.headers()["content-disposition"]).toContain(`${world.campaignSlug}-newsletter-dec.png`);
  const address = decodeQr(await png.body());
  expect(address).toMatch(tagged);
  const svg = await organizer.request.get((await row.getByRole("link", { name: "QR code for Newsletter, December, SVG" }).getAttribute("href"))!);
  expect(svg.headers()["content-type"]).toBe("image/svg+xml");
  expect(await svg.text()).toContain("<svg");
  const own = await organizer.request.get((await links.getByRole("link", { name: "QR code for The campaign’s link, PNG" }).getAttribute("href"))!);
  expect(decodeQr(await own.body())).toMatch(new RegExp(`/en/campaigns/${world.campaignSlug}\\?src=qr$`));

  // A supporter scans it, signs from abroad, and confirms from her email.
  const phone = await (await browser.newContext()).newPage();
  await fromAddress(phone);
  await phone.goto(address!);
  await phone.getByRole("link", { name: "Sign and write to your MP" }).click();
  await expect(phone).toHaveURL(/\/sign\?src=newsletter-dec$/);
  const email = uniqueEmail("newsletter");
  await phone.getByLabel("Full name").fill("Siranush Newsletter");
  await phone.getByLabel("Email address").fill(email);
  await phone.getByLabel("I am a Canadian citizen living abroad").check();
  await phone.getByRole("button", { name: "Sign" }).click();
  // Right after signing, the ways to share: plain links that work without a script.
  await expect(phone.getByRole("heading", { name: "Share" })).toBeVisible();
  const campaignUrl = encodeURIComponent(`/en/campaigns/${world.campaignSlug}`);
  await expect(phone.getByRole("link", { name: "WhatsApp" })).toHaveAttribute("href", new RegExp(`^https://wa\\.me/\\?text=.*${campaignUrl}$`));
  await expect(phone.getByRole("link", { name: "Bluesky" })).toHaveAttribute("href", new RegExp(`^https://bsky\\.app/intent/compose\\?text=.*${campaignUrl}$`));
  await expect(phone.getByRole("link", { name: "Email", exact: true })).toHaveAttribute("href", /^mailto:\?subject=.*&body=/);
  await expect(phone.getByRole("button", { name: "Copy the link" })).toBeVisible();
  const [mail] = await waitForMail(request, email);
  await phone.goto(linkIn(mail.text, /http:\/\/localhost:\d+\/en\/confirm\/[A-Za-z0-9_-]+/));
  await phone.getByRole("button", { name: "Confirm my signature" }).click();
  await expect(phone.getByRole("heading", { name: "Your signature", exact: true })).toBeVisible();
  // Her status page offers them too.
  await expect(phone.getByRole("heading", { name: "Share" })).toBeVisible();
  await phone.context().close();

  // The dashboard counts her under the newsletter's tag, and nobody else there.
  await organizer.goto(`/en/org/${world.orgSlug}/campaigns/${world.campaignId}`);
  const bySource = organizer.getByTestId("by-source");
  await expect(bySource.getByRole("row", { name: /newsletter-dec/ }).getByRole("cell")).toHaveText(["1", "0", "0"]);
  await expect(bySource.getByRole("row")).toHaveCount(2);
  await organizer.context().close();
});

test("a viewer sees the links but cannot make one; another organization's member and a stranger get no QR code for the campaign", async ({ browser, request, world }) => {
  const viewer = await (await browser.newContext()).newPage();
  await signInAs(viewer, request, world.viewer);
  await viewer.goto(`/en/org/${world.orgSlug}/campaigns/${world.campaignId}`);
  const links = viewer.getByRole("region", { name: "Links and QR codes" });
  await expect(links.getByText("Owners and editors create named links.")).toBeVisible();
  await expect(links.getByRole("button", { name: "Create the link" })).toHaveCount(0);
  const qr = (await links.getByRole("link", { name: "QR code for The campaign’s link, SVG" }).getAttribute("href"))!;
  expect((await viewer.request.get(qr)).status()).toBe(200);
  await viewer.context().close();

  // The owner of another organization, signed in.
  const other = await createWorld(request);
  const stranger = await (await browser.newContext()).newPage();
  await signInAs(stranger, request, other.owner);
  // Through this organization's address (not a member) and through her own (not her campaign).
  expect((await stranger.request.get(qr)).status()).toBe(404);
  expect((await stranger.request.get(`/api/org/${other.orgSlug}/campaigns/${world.campaignId}/qr?format=png`)).status()).toBe(404);
  expect((await stranger.request.get(`/api/org/${other.orgSlug}/campaigns/${other.campaignId}/qr?format=png`)).status()).toBe(200);
  await stranger.context().close();

  // Signed out: asked to sign in.
  expect((await request.get(qr)).status()).toBe(401);
});

test("without JavaScript, an editor creates a named link and a supporter's sign form still carries its tag", async ({ browser, request, world }) => {
  const withJs = await (await browser.newContext()).newPage();
  await signInAs(withJs, request, world.editor);
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await withJs.context().storageState() });
  await withJs.context().close();
  const page = await context.newPage();
  await page.goto(`/en/org/${world.orgSlug}/campaigns/${world.campaignId}`);
  const links = page.getByRole("region", { name: "Links and QR codes" });
  // No script, no copy button: the address is there to select.
  await expect(links.getByRole("button", { name: /^Copy/ })).toHaveCount(0);
  await links.getByLabel("Name").fill("Rally poster");
  await links.getByLabel("Tag").fill("Rally-Poster");
  await links.getByRole("button", { name: "Create the link" }).click();
  await expect(page.getByText("Link created: Rally poster.")).toBeVisible();
  await expect(links.getByTestId("named-links").getByRole("row", { name: /Rally poster/ }).locator(".share-url")).toHaveText(/\?src=rally-poster$/);
  await context.close();

  // A supporter without JavaScript follows the link: the tag rides in the form, no cookie needed; a malformed tag is dropped.
  const reader = await browser.newContext({ javaScriptEnabled: false });
  const supporter = await reader.newPage();
  await supporter.goto(`/en/campaigns/${world.campaignSlug}?src=rally-poster`);
  await supporter.getByRole("link", { name: "Sign and write to your MP" }).click();
  await expect(supporter.locator('input[type="hidden"][name="source"]')).toHaveValue("rally-poster");
  await supporter.goto(`/en/campaigns/${world.campaignSlug}?src=${encodeURIComponent("<b>not a tag</b>")}`);
  await expect(supporter.getByRole("link", { name: "Sign and write to your MP" })).toHaveAttribute("href", `/en/campaigns/${world.campaignSlug}/sign`);
  await reader.close();
});
