import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { expectAccessible, fromAddress, linkIn, test, uniqueEmail, waitForMail } from "./fixtures";

// Campaign content in Armenian, letters to MPs in English or French (issue #14, decision 0022).
// The organizer's world (e2e/fixtures.ts) is an organization of her own; its campaign here is new.

const ARMENIAN = {
  title: "Կանադական սենսորները չպետք է հայտնվեն օտար պատերազմներում",
  summary: "Կանադայում արտադրված սենսորները հայտնաբերվել են Լեռնային Ղարաբաղի պատերազմում օգտագործված անօդաչու սարքերում։",
  body: "## Ինչ է պատահել\n\nՍենսորները հայտնաբերվել են **խոցված անօդաչու սարքերում**։",
  demand: "Կասեցնել արտահանման թույլտվությունները։",
};

/** Signs in from the Armenian sign-in page and the Armenian link of the emailed message; ends on /hy/org. */
async function signInInArmenian(page: Page, request: APIRequestContext, email: string): Promise<void> {
  await page.goto("/hy/org/sign-in");
  await expect(page.locator("html")).toHaveAttribute("lang", "hy");
  await expectAccessible(page);
  await page.getByLabel("Էլ. փոստի հասցե").fill(email);
  await page.getByRole("button", { name: "Ուղարկել ինձ մուտքի հղում" }).click();
  await expect(page.getByRole("heading", { name: "Ստուգեք ձեր էլ. փոստը" })).toBeVisible();
  await expectAccessible(page);
  const mails = await waitForMail(request, email, 1);
  // The message carries a link per language; she follows the Armenian one.
  await page.goto(linkIn(mails[0].text, /http:\/\/localhost:\d+\/hy\/org\/sign-in\/continue\?[^\s]+/));
  await expect(page.getByRole("heading", { name: "Մուտք Constituent համակարգ" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Մուտք գործել" }).click();
  await expect(page).toHaveURL(/\/hy\/org$/);
  await expect(page.getByRole("heading", { level: 1, name: "Ձեր կազմակերպությունները" })).toBeVisible();
  await expectAccessible(page);
}

test("an organizer working in Armenian writes a campaign in Armenian with an English letter, publishes it, and an Armenian-reading supporter reads it in Armenian and writes from the English letter", async ({ browser, page, request, world }) => {
  const slug = `hy-sensors-${Date.now().toString(36)}`;
  await signInInArmenian(page, request, world.owner);

  // The workspace, in Armenian, down to the editor.
  await page.getByRole("link", { name: world.orgName }).click();
  await page.getByRole("link", { name: "Նոր արշավ" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Նոր արշավ" })).toBeVisible();
  await page.getByLabel("Վեբ հասցե (slug)").fill(slug);
  await page.getByRole("checkbox", { name: "անգլերեն", exact: true }).uncheck();
  await page.getByRole("checkbox", { name: "հայերեն", exact: true }).check();
  // Armenian has its text, never a letter template: letters reach offices in English or French.
  await expect(page.getByLabel("Վերնագիր (հայերեն)", { exact: true })).toHaveAttribute("lang", "hy");
  await expect(page.getByLabel("Նամակի տեքստ (հայերեն)", { exact: true })).toHaveCount(0);
  await expect(page.getByText("Այս լեզվով նամակի ձևանմուշ չկա։", { exact: false })).toBeVisible();
  await page.getByLabel("Վերնագիր (հայերեն)", { exact: true }).fill(ARMENIAN.title);
  await page.getByLabel("Ամփոփում (հայերեն)", { exact: true }).fill(ARMENIAN.summary);
  await page.getByLabel("Հիմնական տեքստ Markdown-ով (հայերեն)", { exact: true }).fill(ARMENIAN.body);
  await expect(page.getByRole("region", { name: "Հիմնական տեքստի նախադիտում (հայերեն)" }).locator("strong")).toHaveText("խոցված անօդաչու սարքերում");
  await page.getByLabel("Պահանջ (հայերեն)", { exact: true }).fill(ARMENIAN.demand);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Ստեղծել սևագիրը" }).click();
  await expect(page).toHaveURL(/\/hy\/org\/[^/]+\/campaigns\/[0-9a-f-]{36}\/edit\?created=1$/);
  await expect(page.getByTestId("campaign-status")).toContainText("Սևագիր");
  await expect(page.getByLabel("Վերնագիր (հայերեն)", { exact: true })).toHaveValue(ARMENIAN.title);
  await expectAccessible(page);

  // In Armenian only it cannot be published: the letters need an English or French version.
  await page.getByRole("button", { name: "Հրապարակել", exact: true }).click();
  const refusal = page.locator(".notice.error");
  await expect(refusal).toContainText("Արշավը դեռ հնարավոր չէ հրապարակել");
  await expect(refusal.getByRole("listitem")).toContainText(["Պատգամավորներին ուղղված նամակները գրվում են անգլերեն կամ ֆրանսերեն"]);
  await expect(page.getByTestId("campaign-status")).toContainText("Սևագիր");
  await expectAccessible(page);

  // She adds the English version with its letter, and chooses deliver-then-delete.
  await page.getByRole("checkbox", { name: "անգլերեն", exact: true }).check();
  await page.getByLabel("Վերնագիր (անգլերեն)", { exact: true }).fill("Canadian sensors must not turn up in foreign wars");
  await page.getByLabel("Ամփոփում (անգլերեն)", { exact: true }).fill("Canadian-made sensors were found on drones used in the Nagorno-Karabakh war.");
  await page.getByLabel("Հիմնական տեքստ Markdown-ով (անգլերեն)", { exact: true }).fill("## What happened\n\nSensors were found in **downed drones**.");
  await page.getByLabel("Պահանջ (անգլերեն)", { exact: true }).fill("Suspend the export permits.");
  await page.getByLabel("Թեմաներ (անգլերեն)", { exact: true }).fill("Canadian sensors in foreign wars");
  await page.getByLabel("Նամակի տեքստ (անգլերեն)", { exact: true }).fill("{{salutation}}\n\n{{personal_paragraph}}\n\nSincerely,\n{{supporter_name}}\n{{postal_code}}");
  await page.getByLabel("Հուշում անձնական պարբերության համար (անգլերեն)", { exact: true }).fill("Why does this matter to you?");
  const deliverThenDelete = page.getByRole("checkbox", { name: /^Ուղարկել և ջնջել՝/ });
  await deliverThenDelete.check();
  await page.getByRole("button", { name: "Պահպանել", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Պահպանված է։" })).toBeVisible();
  await expect(deliverThenDelete).toBeChecked();
  await expectAccessible(page);

  await page.getByRole("button", { name: "Հրապարակել", exact: true }).click();
  await expect(page.getByText("Հրապարակված է։ Հանրային էջն արդեն հասանելի է։")).toBeVisible();
  await expect(page.getByTestId("campaign-status")).toContainText("Հրապարակված");
  // Published, deliver-then-delete is a promise to signers: it can no longer be turned off.
  await expect(deliverThenDelete).toBeDisabled();
  await expect(deliverThenDelete).toBeChecked();
  await expectAccessible(page);

  // A supporter who reads Armenian, in a browser of her own.
  const context = await browser.newContext({ locale: "hy-AM", extraHTTPHeaders: { "Accept-Language": "hy-AM,hy;q=0.9,en;q=0.3" } });
  const reader = await context.newPage();
  await fromAddress(reader);
  await reader.goto(`/hy/campaigns/${slug}`);
  await expect(reader.locator("html")).toHaveAttribute("lang", "hy");
  const heading = reader.getByRole("heading", { level: 1, name: ARMENIAN.title });
  await expect(heading).toBeVisible();
  await expect(heading).toHaveAttribute("lang", "hy");
  await expect(reader.getByTestId("content-language")).toHaveCount(0);
  await expect(reader.getByTestId("deliver-then-delete")).toHaveText(/^Այս արշավի նամակները ջնջվում են առաքումից հետո։/);
  await expectAccessible(reader);

  // Where the campaign has no French, the French page says it is in English and marks it so.
  await reader.goto(`/fr/campaigns/${slug}`);
  await expect(reader.locator("html")).toHaveAttribute("lang", "fr");
  await expect(reader.getByTestId("content-language")).toHaveText("Cette campagne est rédigée en anglais.");
  await expect(reader.getByRole("heading", { level: 1, name: "Canadian sensors must not turn up in foreign wars" })).toHaveAttribute("lang", "en");
  await expectAccessible(reader);

  // She signs in Armenian; the letter she starts from is the campaign's English one, her own words in Armenian.
  await reader.goto(`/hy/campaigns/${slug}`);
  await reader.getByRole("link", { name: "Ստորագրել և գրել ձեր պատգամավորին" }).click();
  await expect(reader.getByRole("heading", { level: 1 })).toContainText(ARMENIAN.title);
  await expectAccessible(reader);
  await reader.getByLabel("Անուն, ազգանուն").fill("Անի Օրինակյան");
  await reader.getByLabel("Էլ. փոստի հասցե").fill(uniqueEmail("ani"));
  await reader.getByLabel("Փոստային ինդեքս").fill("M1G 3T8");
  await reader.getByRole("button", { name: "Ստորագրել", exact: true }).click();
  await expect(reader.getByRole("heading", { name: "Գտեք ձեր պատգամավորին" })).toBeVisible();
  await reader.getByRole("radio", { name: /Scarborough—Guildwood—Rouge Park/ }).check();
  await reader.getByRole("button", { name: "Սա իմ ընտրական շրջանն է" }).click();
  await expect(reader.getByRole("heading", { name: "Գրել Gary Anandasangaree-ին" })).toBeVisible();
  await expect(reader.getByText("Նամակը գրված է անգլերեն, քանի որ պատգամավորների գրասենյակները կարդում են այդ լեզվով։", { exact: false })).toBeVisible();
  const letter = reader.getByLabel("Նամակ", { exact: true });
  await expect(letter).toHaveValue(/^Dear Gary Anandasangaree,/);
  await expect(letter).toHaveAttribute("lang", "en");
  await reader.getByLabel("Ձեր սեփական խոսքերը").fill("Իմ ընտանիքը Ստեփանակերտից է։");
  await expectAccessible(reader);
  await context.close();
});
