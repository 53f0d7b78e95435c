import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { createWorld, expectAccessible, fromAddress, linkIn, mailTo, signInAs, test, uniqueEmail, waitForMail, waitForMessage, waitForQueueIdle } from "./fixtures";

/** A supporter signs from abroad in a language, ticking "keep me informed" or not, and confirms from the email. */
async function signAndConfirm(browser: Browser, request: APIRequestContext, slug: string, locale: "en" | "fr", name: string, email: string, consent: boolean) {
  const labels = {
    en: { name: "Full name", email: "Email address", abroad: "I am a Canadian citizen living abroad", consent: /^Keep me informed/, sign: "Sign", confirm: "Confirm my signature" },
    fr: { name: "Nom complet", email: "Adresse courriel", abroad: "Je suis citoyenne ou citoyen canadien à l’étranger", consent: /^Tenez-moi au courant/, sign: "Signer", confirm: "Confirmer ma signature" },
  }[locale];
  const context = await browser.newContext();
  const page = await context.newPage();
  await fromAddress(page);
  await page.goto(`/${locale}/campaigns/${slug}/sign`);
  await page.getByLabel(labels.name).fill(name);
  await page.getByLabel(labels.email).fill(email);
  await page.getByLabel(labels.abroad).check();
  if (consent) await page.getByLabel(labels.consent).check();
  await page.getByRole("button", { name: labels.sign, exact: true }).click();
  const [mail] = await waitForMail(request, email);
  await page.goto(linkIn(mail.text, new RegExp(`http://localhost:\\d+/${locale}/confirm/[A-Za-z0-9_-]+`)));
  await page.getByRole("button", { name: labels.confirm }).click();
  await expect(page).toHaveURL(new RegExp(`/${locale}/s/[A-Za-z0-9_-]+\\?confirmed=1$`));
  await context.close();
}

/** Writes an update's English and French text on the page the "Write an update" link opens, and saves it. */
async function writeUpdate(page: Page, subjects: { en: string; fr: string }) {
  await page.getByLabel("Subject (English)").fill(subjects.en);
  await page.getByLabel("Message (English)").fill(`Thank you for signing. **The committee meets on Thursday**: write to your MP again.`);
  await page.getByLabel("Subject (Français)").fill(subjects.fr);
  await page.getByLabel("Message (Français)").fill(`Merci d’avoir signé. **Le comité se réunit jeudi** : écrivez de nouveau à votre député.`);
  await page.getByRole("button", { name: "Save and preview" }).click();
  await expect(page.getByRole("status")).toContainText("Saved.");
}

const updateMails = <T extends { subject: string | null }>(mails: T[], subject: string): T[] => mails.filter((m) => m.subject === subject);

test("an organizer sends an update: it reaches exactly the supporters who asked for news, each in their language, and one click on its unsubscribe link stops the next one", async ({ browser, page, request, world }) => {
  // Ani (English) and Benoît (French) tick "keep me informed"; Sam does not.
  const ani = uniqueEmail("ani");
  const benoit = uniqueEmail("benoit");
  const sam = uniqueEmail("sam");
  await signAndConfirm(browser, request, world.campaignSlug, "en", "Ani Petrosyan", ani, true);
  await signAndConfirm(browser, request, world.campaignSlug, "fr", "Benoît Tremblay", benoit, true);
  await signAndConfirm(browser, request, world.campaignSlug, "en", "Sam Carter", sam, false);

  // The editor writes an update. Without the French text it is refused, and the English text stays.
  await signInAs(page, request, world.editor);
  await page.goto(`/en/org/${world.orgSlug}/campaigns/${world.campaignId}`);
  await page.getByRole("link", { name: "Updates", exact: true }).click();
  await page.getByRole("link", { name: "Write an update" }).click();
  await page.getByLabel("Subject (English)").fill("The committee meets on Thursday");
  await page.getByRole("button", { name: "Save and preview" }).click();
  await expect(page.locator("main").getByRole("alert")).toHaveText("Correct the fields marked below. Nothing was saved yet, and what you typed is kept.");
  await expect(page.getByText("Enter a subject.")).toHaveCount(1);
  // The browser stops a subject at the length the server accepts.
  await expect(page.getByLabel("Subject (English)")).toHaveAttribute("maxlength", "150");
  await expect(page.getByLabel("Subject (English)")).toHaveValue("The committee meets on Thursday");
  const first = { en: `The committee meets on Thursday ${world.orgSlug}`, fr: `Le comité se réunit jeudi ${world.orgSlug}` };
  await writeUpdate(page, first);

  // The preview shows the Markdown as the supporters will read it, and who will get it.
  await expect(page.getByTestId("preview-en").locator("strong").filter({ hasText: /^The committee meets on Thursday$/ })).toBeVisible();
  await expect(page.getByTestId("preview-en")).toContainText(`Subject: ${first.en}`);
  await expect(page.getByTestId("preview-fr").locator("strong").filter({ hasText: /^Le comité se réunit jeudi$/ })).toBeVisible();
  await expect(page.getByTestId("audience-size")).toHaveText("2 supporters will receive this update.");
  // The organization has no mailing address yet: sending waits for one (CASL).
  await expect(page.getByTestId("sender-missing")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Send to/ })).toHaveCount(0);
  await expectAccessible(page);
  const updateUrl = page.url().replace(/\?.*$/, "");

  // A test goes to the editor only, in both languages.
  await page.getByRole("button", { name: "Send me a test" }).click();
  await expect(page.getByRole("status")).toContainText("A test is on its way to your address.");
  const tests = await waitForMail(request, world.editor, 3); // the sign-in link, then the two tests
  expect(tests.map((m) => m.subject)).toEqual(expect.arrayContaining([`[Test] ${first.en}`, `[Essai] ${first.fr}`]));

  // The owner adds the organization's mailing address.
  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  await signInAs(owner, request, world.owner);
  await owner.goto(`/en/org/${world.orgSlug}/settings`);
  await owner.getByLabel("Mailing address (needed to send updates)").fill("Test group\n100 Sparks Street\nOttawa ON  K1P 5B7");
  await owner.getByRole("button", { name: "Save settings" }).click();
  await expect(owner.getByRole("status")).toContainText("Settings saved.");
  await ownerContext.close();

  // The editor sends it: Ani reads it in English, Benoît in French, Sam gets nothing.
  await page.goto(updateUrl);
  await page.getByRole("button", { name: "Send to 2 supporters" }).click();
  await expect(page.getByRole("status").first()).toContainText("Sending has started.");
  const [toAni] = updateMails(await waitForMail(request, ani, 2), first.en);
  const [toBenoit] = updateMails(await waitForMail(request, benoit, 2), first.fr);
  expect(toAni.text).toContain("**The committee meets on Thursday**");
  expect(toAni.text).toContain("Ottawa ON K1P 5B7");
  expect(toAni.text).toContain(`contact.${world.orgSlug.slice(2)}@example.org`);
  expect(toBenoit.text).toContain("Se désabonner des nouvelles de");
  await waitForQueueIdle(request);
  expect(await mailTo(request, sam)).toHaveLength(1); // the confirmation only

  await page.goto(updateUrl);
  await expect(page.getByTestId("update-state")).toContainText("Sent on");
  await expect(page.getByTestId("update-figures").getByRole("row", { name: "Sent" })).toContainText("2");
  await expectAccessible(page);

  // Ani's mail client unsubscribes her in one click (RFC 8058): a POST to the List-Unsubscribe address.
  expect(toAni.headers["list-unsubscribe-post"] ?? toAni.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  const oneClick = linkIn(toAni.headers["list-unsubscribe"] ?? toAni.headers["List-Unsubscribe"], /http:\/\/localhost:\d+\/api\/unsubscribe\/[A-Za-z0-9_-]+/);
  const r = await request.post(oneClick, { form: { "List-Unsubscribe": "One-Click" } });
  expect(r.status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId("update-figures").getByRole("row", { name: "Unsubscribed" })).toContainText("1");

  // Asked what Constituent holds about her, Ani finds the update and the unsubscribe it carried.
  const aniPage = await (await browser.newContext()).newPage();
  await fromAddress(aniPage);
  await aniPage.goto("/en/my-data");
  await aniPage.getByLabel("Email address").fill(ani);
  await aniPage.getByRole("button", { name: "Email me a link" }).click();
  await expect(aniPage.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const access = await waitForMessage(request, ani, (m) => m.subject === "What Constituent holds about you");
  await aniPage.goto(linkIn(access.text, /http:\/\/localhost:\d+\/en\/my-data\/[A-Za-z0-9_-]{20,}/));
  await aniPage.getByRole("button", { name: "Show what you hold about me" }).click();
  const held = aniPage.getByTestId("held-updates");
  await expect(held).toContainText(`“${first.en}”: sent on`);
  await expect(held).toContainText("You unsubscribed through this update's link on");
  await expectAccessible(aniPage);
  await aniPage.context().close();

  // The next update reaches Benoît only.
  await page.goto(`/en/org/${world.orgSlug}/campaigns/${world.campaignId}/updates`);
  await page.getByRole("link", { name: "Write an update" }).click();
  const second = { en: `The vote is next week ${world.orgSlug}`, fr: `Le vote a lieu la semaine prochaine ${world.orgSlug}` };
  await writeUpdate(page, second);
  await expect(page.getByTestId("audience-size")).toHaveText("1 supporter will receive this update.");
  await page.getByRole("button", { name: "Send to 1 supporter" }).click();
  await expect(page.getByRole("status").first()).toContainText("Sending has started.");
  await waitForMail(request, benoit, 3);
  await waitForQueueIdle(request);
  expect(updateMails(await mailTo(request, ani), second.en)).toHaveLength(0);
  expect(updateMails(await mailTo(request, benoit), second.fr)).toHaveLength(1);

  // The list shows both, newest first, with their figures.
  await page.goto(`/en/org/${world.orgSlug}/campaigns/${world.campaignId}/updates`);
  const rows = page.getByTestId("updates").getByRole("row");
  await expect(rows.nth(1)).toContainText(second.en);
  await expect(rows.nth(2)).toContainText(first.en);
  await expectAccessible(page);
});

test("a viewer has no updates page, and another organization's owner gets a 404 on this one", async ({ page, request, world }) => {
  await signInAs(page, request, world.viewer);
  const updates = `/en/org/${world.orgSlug}/campaigns/${world.campaignId}/updates`;
  expect((await page.goto(updates))?.status()).toBe(404);
  expect((await page.goto(`${updates}/new`))?.status()).toBe(404);
  await page.goto(`/en/org/${world.orgSlug}/campaigns/${world.campaignId}`);
  await expect(page.getByRole("link", { name: "Updates", exact: true })).toHaveCount(0);
  // Another organization's owner, signed in, naming this campaign under her own organization.
  const other = await createWorld(request);
  await signInAs(page, request, other.owner);
  expect((await page.goto(`/en/org/${other.orgSlug}/campaigns/${world.campaignId}/updates`))?.status()).toBe(404);
  expect((await page.goto(updates))?.status()).toBe(404);
});
