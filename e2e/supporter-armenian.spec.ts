import { expect } from "@playwright/test";
import { expectAccessible, fromAddress, linkIn, test, uniqueEmail, waitForMail } from "./fixtures";

// Each story signs a campaign of its own (e2e/fixtures.ts `world`): English and French content.
test.use({ worldSupporters: 2, locale: "hy-AM", extraHTTPHeaders: { "Accept-Language": "hy-AM,hy;q=0.9,en;q=0.3" } });

test("an Armenian-reading supporter whose browser asks for Armenian reads the site in Armenian, signs, picks her riding, writes to her MP and confirms from an Armenian email", async ({ page, request, world }) => {
  const email = uniqueEmail("anahit");
  await fromAddress(page);

  // The bare address follows her browser's language.
  await page.goto("/");
  await expect(page).toHaveURL(/\/hy$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "hy");
  await expect(page.getByRole("heading", { level: 1, name: "Արշավներ" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Հայերեն", exact: true })).toHaveAttribute("aria-current", "true");
  // Armenian letters are drawn from a real font, not as "missing glyph" boxes (which all have one
  // width, that of U+0378, an unassigned code point): the heading's letters have several widths.
  const glyphs = await page.evaluate(() => {
    const ctx = document.createElement("canvas").getContext("2d")!;
    ctx.font = getComputedStyle(document.querySelector("h1")!).font;
    const box = ctx.measureText("\u0378").width.toFixed(1);
    const widths = [...document.querySelector("h1")!.textContent!].map((ch) => ctx.measureText(ch).width.toFixed(1));
    return { distinct: new Set(widths).size, boxes: widths.filter((w) => w === box).length };
  });
  expect(glyphs.distinct).toBeGreaterThan(2);
  expect(glyphs.boxes).toBe(0);
  await expectAccessible(page);

  // The campaign has no Armenian version: she reads it in English, inside an Armenian page that says so,
  // the English words marked as English.
  await page.goto(`/hy/campaigns/${world.campaignSlug}`);
  await expect(page.locator("html")).toHaveAttribute("lang", "hy");
  await expect(page.getByTestId("content-language")).toHaveText("Այս արշավը գրված է անգլերեն։");
  await expect(page.getByRole("heading", { level: 1, name: world.campaignTitle })).toHaveAttribute("lang", "en");
  await expect(page.getByTestId("signature-count")).toHaveText("2 հաստատված ստորագրություն 5000-ից");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Ստորագրել և գրել ձեր պատգամավորին" }).click();

  // A mistake is explained in Armenian and nothing typed is lost.
  await page.getByLabel("Անուն, ազգանուն").fill("Անահիտ Պետրոսյան");
  await page.getByLabel("Էլ. փոստի հասցե").fill(email);
  await page.getByLabel("Փոստային ինդեքս").fill("D1A 1A1");
  await page.getByRole("button", { name: "Ստորագրել", exact: true }).click();
  await expect(page.locator(".error-summary")).toContainText("Խնդրում ենք ուղղել հետևյալ սխալները։");
  await expect(page.getByLabel("Անուն, ազգանուն")).toHaveValue("Անահիտ Պետրոսյան");
  await expectAccessible(page);
  await page.getByLabel("Փոստային ինդեքս").fill("m1g3t8");
  await page.getByRole("button", { name: "Ստորագրել", exact: true }).click();

  await expect(page.getByRole("heading", { name: "Գտեք ձեր պատգամավորին" })).toBeVisible();
  await expect(page.getByRole("radio")).toHaveCount(2);
  await expectAccessible(page);
  await page.getByRole("radio", { name: /Scarborough—Guildwood—Rouge Park/ }).check();
  await page.getByRole("button", { name: "Սա իմ ընտրական շրջանն է" }).click();

  // The letter itself stays in the campaign's language (what the office reads); her own words may be Armenian.
  await expect(page.getByRole("heading", { name: "Գրել Gary Anandasangaree-ին" })).toBeVisible();
  await expect(page.getByLabel("Նամակ", { exact: true })).toHaveValue(/Dear Gary Anandasangaree/);
  await expect(page.getByLabel("Նամակ", { exact: true })).toHaveAttribute("lang", "en");
  await expect(page.getByText("Նամակը գրված է անգլերեն, քանի որ պատգամավորների գրասենյակները կարդում են այդ լեզվով։", { exact: false })).toBeVisible();
  await page.getByLabel("Ձեր սեփական խոսքերը").fill("Իմ տատիկն ու պապիկը Շուշիից են։ I want to know who approved these permits.");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Նախադիտում" }).click();
  await expect(page.getByTestId("letter-preview")).toContainText("Իմ տատիկն ու պապիկը Շուշիից են։");
  await page.getByRole("button", { name: "Ուղարկել իմ նամակը" }).click();
  await expect(page.getByRole("heading", { name: "Ստուգեք ձեր էլ. փոստը" })).toBeVisible();
  await expectAccessible(page);

  // The confirmation email is in Armenian and leads back to the Armenian pages.
  const mails = await waitForMail(request, email, 2);
  const confirmation = mails.find((m) => m.subject?.startsWith("Հաստատեք ձեր ստորագրությունը"));
  expect(confirmation, mails.map((m) => m.subject).join(" | ")).toBeTruthy();
  expect(confirmation!.text).toContain("Ձեր ստորագրությունը հաստատելու համար բացեք այս հղումը։");
  await page.goto(linkIn(confirmation!.text, /http:\/\/localhost:\d+\/hy\/confirm\/[A-Za-z0-9_-]+/));
  await expect(page.locator("html")).toHaveAttribute("lang", "hy");
  await page.getByRole("button", { name: "Հաստատել իմ ստորագրությունը" }).click();
  await expect(page.getByText("Շնորհակալություն։ Ձեր ստորագրությունը հաստատված է։")).toBeVisible();
  await expect(page.getByTestId("signature-status")).toContainText("Հաստատվել է՝");
  await expectAccessible(page);
});

test("a visitor switches to Armenian from the language links and the choice sticks on the bare address", async ({ page }) => {
  await page.context().setExtraHTTPHeaders({ "Accept-Language": "en-CA,en;q=0.9" });
  await page.goto("/en/privacy");
  const link = page.getByRole("link", { name: "Հայերեն", exact: true });
  await expect(link).toHaveAttribute("hreflang", "hy");
  await link.click();
  await expect(page).toHaveURL(/\/hy\/privacy$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Գաղտնիություն");
  await page.goto("/");
  await expect(page).toHaveURL(/\/hy$/);
});
