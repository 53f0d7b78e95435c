import { expect, type Browser, type Page } from "@playwright/test";
import { fromAddress, linkIn, mailTo, signInAs, test, uniqueEmail, waitForMail, type TestWorld } from "./fixtures";

/**
 * The journey in every order a supporter really takes it: write then confirm, confirm then
 * write, one device or two, in English and French, with and without JavaScript, and to several
 * targets. Every page along the way says where she stands.
 */

const MP = "Gary Anandasangaree";
const MP_EMAIL = "gary.anand@parl.gc.ca";
const CONFIRM_LINK = /http:\/\/localhost:\d+\/(en|fr)\/confirm\/[A-Za-z0-9_-]+/;
const APPROVE_LINK = /http:\/\/localhost:\d+\/(en|fr)\/approve\/[A-Za-z0-9_-]+/;

/** Each story signs a campaign of its own (a copy of the demo's, in an organization of its own). */
let world: TestWorld;
test.beforeEach(async ({ world: w }) => {
  world = w;
});

async function device(browser: Browser, opts: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const page = await (await browser.newContext({ javaScriptEnabled: opts.javaScriptEnabled ?? true })).newPage();
  await fromAddress(page);
  return page;
}

async function signResident(page: Page, email: string, name = "Anahit Grigoryan", postal = "M1G 3T8") {
  await page.goto(`/en/campaigns/${world.campaignSlug}/sign`);
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Postal code").fill(postal);
  await page.getByRole("button", { name: "Sign" }).click();
  await expect(page.getByRole("heading", { name: "Find your Member of Parliament" })).toBeVisible();
}

async function chooseRidingAndWrite(page: Page, words: string) {
  await page.getByRole("radio", { name: /Scarborough—Guildwood—Rouge Park/ }).check();
  await page.getByRole("button", { name: "This is my riding" }).click();
  await expect(page.getByRole("heading", { name: `Write to ${MP}` })).toBeVisible();
  await page.getByLabel("Your own words").fill(words);
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByTestId("letter-preview")).toContainText(words);
  await page.getByRole("button", { name: "Send my letter" }).click();
}

async function letterFrom(request: import("@playwright/test").APIRequestContext, words: string) {
  await expect.poll(async () => (await mailTo(request, MP_EMAIL)).filter((m) => (m.text ?? "").includes(words)).length, { timeout: 20_000 }).toBe(1);
}

test("a supporter signs on her phone, confirms on her laptop, and writes to her MP there in one tap: the letter leaves without asking again", async ({ browser, request }) => {
  const email = uniqueEmail("laptop");
  const phone = await device(browser);
  await signResident(phone, email);
  // Signing says an email went out, and from which address.
  await expect(phone.getByRole("status")).toContainText(`We have emailed ${email} from no-reply@`);
  await expect(phone.getByRole("link", { name: "Elections Canada’s postal code search" })).toHaveAttribute("href", /elections\.ca/);

  const [confirmation] = await waitForMail(request, email);
  expect(confirmation.subject).toContain("Confirm your signature");
  const laptop = await device(browser);
  await laptop.goto(linkIn(confirmation.text, CONFIRM_LINK));
  await laptop.getByRole("button", { name: "Confirm my signature" }).click();
  await expect(laptop.getByTestId("signature-status")).toContainText("Confirmed on");
  await laptop.getByRole("link", { name: "Write to your MP" }).click();
  // A proven browser is not told to check its email again.
  await expect(laptop.getByText("We have emailed")).toHaveCount(0);
  const words = `Written on my laptop after confirming ${Date.now()}.`;
  await chooseRidingAndWrite(laptop, words);
  await expect(laptop.getByRole("heading", { name: "Your letter is on its way" })).toBeVisible();
  await expect(laptop.getByRole("heading", { name: "Share" })).toBeVisible();
  await letterFrom(request, words);
});

test("a supporter writes on her phone and confirms on her laptop: the letter waits for her to approve it from the email that shows it in full", async ({ browser, request }) => {
  const email = uniqueEmail("approve");
  const phone = await device(browser);
  await signResident(phone, email);
  const words = `Written on my phone before confirming ${Date.now()}.`;
  await chooseRidingAndWrite(phone, words);
  await expect(phone.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(phone.getByText(`Your letter to ${MP} is saved, not sent.`)).toBeVisible();
  await expect(phone.getByText(`We have emailed ${email} from no-reply@`)).toBeVisible();

  const mails = await waitForMail(request, email, 2);
  const confirmation = mails.find((m) => m.subject?.startsWith("Confirm your signature"))!;
  const approval = mails.find((m) => m.subject === `Send your letter to ${MP}?`)!;
  expect(approval.text).toContain(words);
  expect(approval.text).toContain(`"Anahit Grigoryan via Constituent" <letters@`);
  expect(confirmation.html).toContain(">Confirm my signature</a>");

  const laptop = await device(browser);
  await laptop.goto(linkIn(confirmation.text, CONFIRM_LINK));
  await laptop.getByRole("button", { name: "Confirm my signature" }).click();
  await expect(laptop.getByTestId("letters")).toContainText("Waiting for your approval");

  await laptop.goto(linkIn(approval.text, APPROVE_LINK));
  await expect(laptop.getByRole("heading", { name: "Send this letter?" })).toBeVisible();
  await expect(laptop.getByTestId("letter-preview")).toContainText(words);
  await laptop.getByRole("button", { name: "Send this letter" }).click();
  await expect(laptop.getByText("Thank you: your letter is on its way.")).toBeVisible();
  await letterFrom(request, words);
  await laptop.reload();
  await expect(laptop.getByTestId("letters")).toContainText(/Queued for sending|Sending|Sent on/);
});

test("a supporter who signed long ago signs again on a new phone: the email says she is counted, and its code lets that phone write", async ({ browser, request }) => {
  const email = uniqueEmail("again");
  const old = await device(browser);
  await old.goto(`/en/campaigns/${world.campaignSlug}/sign`);
  await old.getByLabel("Full name").fill("Armen Petrosyan");
  await old.getByLabel("Email address").fill(email);
  await old.getByLabel("Postal code").fill("M1G 3T8");
  await old.getByRole("button", { name: "Sign" }).click();
  const [first] = await waitForMail(request, email);
  await old.goto(linkIn(first.text, CONFIRM_LINK));
  await old.getByRole("button", { name: "Confirm my signature" }).click();
  await expect(old.getByTestId("signature-status")).toContainText("Confirmed on");

  const phone = await device(browser);
  await signResident(phone, email, "Armen Petrosyan");
  const words = `From my new phone ${Date.now()}.`;
  await chooseRidingAndWrite(phone, words);
  await expect(phone.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const mails = await waitForMail(request, email, 3);
  const again = mails.find((m) => m.subject?.startsWith("You have already signed"))!;
  // One consistent message: already counted, and here is how to carry on. No "confirm your signature".
  expect(again.text).toContain("Your signature is already counted");
  expect(mails.filter((m) => m.subject?.startsWith("Confirm your signature"))).toHaveLength(1);
  const code = /\b(\d{6})\b/.exec(again.text ?? "")![1];
  await phone.getByLabel("6-digit code").fill(code);
  await phone.getByRole("button", { name: "Confirm", exact: true }).click();
  await expect(phone.getByTestId("signature-status")).toContainText("Confirmed on");
  await letterFrom(request, words);
});

test("une électrice écrit à son député en français : formule d’appel correcte, parti et circonscription en français", async ({ browser, request }) => {
  const email = uniqueEmail("fr");
  const page = await device(browser);
  await page.goto(`/fr/campaigns/${world.campaignSlug}/sign`);
  await page.getByLabel("Nom complet").fill("Lucie Tremblay");
  await page.getByLabel("Adresse courriel").fill(email);
  await page.getByLabel("Code postal").fill("M1G 3T8");
  await page.getByRole("button", { name: "Signer" }).click();
  await expect(page.getByRole("heading", { name: "Trouver votre député" })).toBeVisible();
  // French typography: a no-break space before the colon; the party in French.
  await expect(page.getByText(`Député\u00a0: ${MP} (libéral)`)).toBeVisible();
  const [mail] = await waitForMail(request, email);
  const code = /\b(\d{6})\b/.exec(mail.text ?? "")![1];
  await page.getByRole("radio", { name: /Scarborough—Guildwood—Rouge Park/ }).check();
  await page.getByRole("button", { name: "C’est ma circonscription" }).click();
  const letter = page.getByLabel("Lettre", { exact: true });
  await expect(letter).toHaveValue(/^Madame, Monsieur,\n/);
  await expect(letter).not.toHaveValue(/Madame, Monsieur Gary/);
  await expect(letter).toHaveValue(/\[Vos propres mots\]/);
  await expect(letter).not.toHaveValue(/\{\{/);
  await page.getByLabel("Vos propres mots").fill("Mes grands-parents venaient de Chouchi.");
  await page.getByRole("button", { name: "Aperçu" }).click();
  await expect(page.getByTestId("letter-preview")).toContainText("Madame, Monsieur,\n\nJe vous écris");
  await expect(page.getByTestId("letter-preview")).toContainText("Mes grands-parents venaient de Chouchi.");
  await page.getByRole("button", { name: "Envoyer ma lettre" }).click();
  await expect(page.getByText(`Votre lettre à ${MP} est enregistrée, mais pas envoyée.`)).toBeVisible();
  await page.getByLabel("Code à 6 chiffres").fill(code);
  await page.getByRole("button", { name: "Confirmer", exact: true }).click();
  await expect(page.getByTestId("signature-status")).toContainText("Confirmée le");
  await letterFrom(request, "Mes grands-parents venaient de Chouchi.");
});

test("a supporter's own words are never lost: removing the marker keeps them, template marks and an over-long paragraph are refused in words", async ({ browser }) => {
  const page = await device(browser);
  await signResident(page, uniqueEmail("words"));
  await page.getByRole("radio", { name: /Scarborough—Guildwood—Rouge Park/ }).check();
  await page.getByRole("button", { name: "This is my riding" }).click();
  const body = page.getByLabel("Letter", { exact: true });
  await expect(body).toHaveValue(/\[Your own words\]/);
  await page.getByLabel("Your own words").fill("x".repeat(4001));
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByText("Your own words must be 4,000 characters or fewer.").first()).toBeVisible();
  await page.getByLabel("Your own words").fill("Hello {{mp_name}}");
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByText("Remove the “{{” and “}}” marks from your letter").first()).toBeVisible();
  await page.getByLabel("Your own words").fill("These are my own words.");
  await body.fill((await body.inputValue()).replace("[Your own words]", ""));
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByTestId("letter-preview")).toContainText(`Dear ${MP},\n\nThese are my own words.`);
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByRole("link", { name: "Skip the letter for now" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.getByRole("link", { name: "While you wait, write to your MP" })).toBeVisible();
});

test("the whole journey works without JavaScript: sign, riding, letter, code, status", async ({ browser, request }) => {
  const email = uniqueEmail("nojs");
  const page = await device(browser, { javaScriptEnabled: false });
  await signResident(page, email, "Sona Hovhannisyan");
  const words = `Sent without JavaScript ${Date.now()}.`;
  await chooseRidingAndWrite(page, words);
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const mails = await waitForMail(request, email, 2);
  const code = /\b(\d{6})\b/.exec(mails.find((m) => m.subject?.startsWith("Confirm your signature"))!.text ?? "")![1];
  await page.getByLabel("6-digit code").fill(code);
  await page.getByRole("button", { name: "Confirm", exact: true }).click();
  await expect(page.getByTestId("signature-status")).toContainText("Confirmed on");
  await letterFrom(request, words);
});

test("a campaign writing to each supporter's MP and a named MP offers the next letter after the first, and says when all are written", async ({ browser, page, request }) => {
  const slug = `e2e-two-targets-${Date.now().toString(36)}`;
  await signInAs(page, request, world.owner);
  await page.goto(`/en/org/${world.orgSlug}/campaigns/new`);
  await page.getByLabel("Web address (slug)").fill(slug);
  await page.getByLabel("Signature goal").fill("100");
  await page.getByLabel("End date (optional)").fill("2027-03-31");
  await page.getByLabel("Title (English)").fill("Two offices, one question");
  await page.getByLabel("Summary (English)").fill("Ask your MP and the member for Yukon.");
  await page.getByLabel("Body in Markdown (English)").fill("Write to both.");
  await page.getByLabel("Demand (English)").fill("Answer us.");
  await page.getByLabel("Subject lines (English)").fill("A question from a constituent");
  await page.getByLabel("Letter body (English)").fill("{{salutation}}\n\n{{personal_paragraph}}\n\nSincerely,\n{{supporter_name}}");
  await page.getByLabel("Prompt for the personal paragraph (English)").fill("Why?");
  await page.getByRole("checkbox", { name: "Each supporter writes to their own MP" }).check();
  await page.getByLabel("Find an MP by name or riding").fill("Yukon");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.getByRole("checkbox", { name: /Brendan Hanley/ }).check();
  await page.getByLabel("Source 1: date").fill("2021-04-12");
  await page.getByLabel("Source 1: title").fill("Permits cancelled");
  await page.getByLabel("Source 1: publisher").fill("Global Affairs Canada");
  await page.getByLabel("Source 1: link (http or https)").fill("https://www.international.gc.ca/");
  await page.getByRole("button", { name: "Create the draft" }).click();
  await expect(page.getByText("Campaign created as a draft.")).toBeVisible();
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published. The public page is live.")).toBeVisible();

  const email = uniqueEmail("two");
  const phone = await device(browser);
  await phone.goto(`/en/campaigns/${slug}`);
  // The last day open, not the first day closed.
  await expect(phone.getByText("Open until March 31, 2027")).toBeVisible();
  await phone.getByRole("link", { name: "Sign and write to your MP" }).click();
  await phone.getByLabel("Full name").fill("Tigran Mkrtchyan");
  await phone.getByLabel("Email address").fill(email);
  await phone.getByLabel("Postal code").fill("M1G 3T8");
  await phone.getByRole("button", { name: "Sign" }).click();
  const [mail] = await waitForMail(request, email);
  await phone.goto(linkIn(mail.text, CONFIRM_LINK));
  await phone.getByRole("button", { name: "Confirm my signature" }).click();
  await phone.getByRole("link", { name: "Write to your MP" }).click();
  await phone.getByRole("radio", { name: /Scarborough—Guildwood—Rouge Park/ }).check();
  await phone.getByRole("button", { name: "This is my riding" }).click();
  await expect(phone.getByRole("heading", { name: `Write to ${MP}` })).toBeVisible();
  await phone.getByLabel("Your own words").fill("First letter.");
  await phone.getByRole("button", { name: "Preview" }).click();
  await phone.getByRole("button", { name: "Send my letter" }).click();
  await expect(phone.getByRole("heading", { name: "Your letter is on its way" })).toBeVisible();
  await phone.getByRole("link", { name: "Next: write to Brendan Hanley" }).click();
  await expect(phone.getByRole("heading", { name: "Write to Brendan Hanley" })).toBeVisible();
  await phone.getByLabel("Your own words").fill("Second letter.");
  await phone.getByRole("button", { name: "Preview" }).click();
  await phone.getByRole("button", { name: "Send my letter" }).click();
  await expect(phone.getByText("You have written to everyone this campaign asks you to write to.")).toBeVisible();
  await expect.poll(async () => (await mailTo(request, "brendan.hanley@parl.gc.ca")).filter((m) => (m.text ?? "").includes("Second letter.")).length).toBe(1);

  // One confirmed signature, in words.
  await phone.goto("/en");
  await expect(phone.locator("li", { hasText: "Two offices, one question" })).toContainText("1 signature");
  await expect(phone.locator("li", { hasText: "Two offices, one question" })).not.toContainText("1 signatures");
});

test("every page has an icon, so browsers stop asking for a missing favicon", async ({ page, request }) => {
  expect((await request.get("/favicon.ico")).status()).toBe(200);
  await page.goto("/en");
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute("href", /icon/);
});
