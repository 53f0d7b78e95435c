import { expect } from "@playwright/test";
import { fromAddress, linkIn, mailTo, test, uniqueEmail, waitForMail, waitForQueueIdle } from "./fixtures";

// Every story here signs a campaign of its own, which starts with four confirmed supporters abroad.
test.use({ worldSupporters: 4 });

const MP_EMAIL = "gary.anand@parl.gc.ca"; // Scarborough—Guildwood—Rouge Park, one of M1G's two ridings

test("a supporter signs, picks her riding, writes a personal letter, confirms by email, and exactly one letter reaches her MP", async ({ page, request, world }) => {
  const SLUG = world.campaignSlug;
  // The MP's mailbox is shared with every other story: only this campaign's letters count here.
  const lettersFromThisCampaign = async () => (await mailTo(request, MP_EMAIL)).filter((m) => m.headers["X-Constituent-Campaign"] === SLUG);
  const email = uniqueEmail("nare");
  await fromAddress(page);
  await page.goto(`/en/campaigns/${SLUG}`);
  await expect(page.getByTestId("signature-count")).toHaveText("4 of 5,000 verified signatures");

  await page.getByRole("link", { name: "Sign and write to your MP" }).click();
  await page.getByLabel("Full name").fill("Nare Hakobyan");
  await page.getByLabel("Email address").fill(email);
  await expect(page.getByLabel("I live in Canada")).toBeChecked();
  await page.getByLabel("Postal code").fill("m1g3t8");
  await page.getByRole("button", { name: "Sign" }).click();

  // M1G spans two ridings: both are offered with their MPs, none picked silently.
  await expect(page.getByRole("heading", { name: "Find your Member of Parliament" })).toBeVisible();
  await expect(page.getByText(/Postal codes starting with M1G are shared by several ridings/)).toBeVisible();
  const choices = page.getByRole("radio");
  await expect(choices).toHaveCount(2);
  await expect(page.getByText("MP: Gary Anandasangaree (Liberal)")).toBeVisible();
  await page.getByRole("radio", { name: /Scarborough—Guildwood—Rouge Park/ }).check();
  await page.getByRole("button", { name: "This is my riding" }).click();

  await expect(page.getByRole("heading", { name: "Write to Gary Anandasangaree" })).toBeVisible();
  await expect(page.getByLabel("Letter")).toHaveValue(/Dear Gary Anandasangaree,[\s\S]*constituent in Scarborough—Guildwood—Rouge Park/);
  await expect(page.getByTestId("personal-score")).toContainText("0% in your own words");
  await page
    .getByLabel("Your own words")
    .fill("My grandparents fled Shushi. I never imagined parts made in my own country would be in the drones over their home town, and I want to know who approved it.");
  await expect(page.getByTestId("personal-score")).not.toContainText(" 0% in your own words");
  await page.getByRole("button", { name: "Preview" }).click();

  const preview = page.getByTestId("letter-preview");
  await expect(preview).toContainText(`"Nare Hakobyan via Constituent" <letters@`);
  await expect(preview).toContainText(`"Nare Hakobyan" <${email}>`);
  await expect(preview).toContainText(`"Gary Anandasangaree" <${MP_EMAIL}>`);
  await expect(preview).toContainText("My grandparents fled Shushi.");
  await expect(preview).toContainText("Constituent of Scarborough—Guildwood—Rouge Park (postal code M1G 3T8).");
  await page.getByRole("button", { name: "Send my letter" }).click();

  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.getByText("Your letter to Gary Anandasangaree is saved, not sent.")).toBeVisible();

  // Two emails: the confirmation, and the letter itself to approve. Confirming in this browser,
  // where she wrote it, sends it.
  const mails = await waitForMail(request, email, 2);
  const confirmation = mails.find((m) => m.subject?.startsWith("Confirm your signature"))!;
  expect(mails.find((m) => m.subject?.startsWith("Send your letter to Gary Anandasangaree"))?.text).toContain("My grandparents fled Shushi.");
  const link = linkIn(confirmation.text, /http:\/\/localhost:\d+\/en\/confirm\/[A-Za-z0-9_-]+/);

  // Opening the link (as a mail scanner would) confirms nothing: nothing is sent yet.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Confirm your signature" })).toBeVisible();
  await waitForQueueIdle(request);
  expect(await lettersFromThisCampaign()).toHaveLength(0);
  await page.getByRole("button", { name: "Confirm my signature" }).click();
  await expect(page.getByText("Thank you: your signature is confirmed.")).toBeVisible();
  await expect(page.getByTestId("signature-status")).toContainText("Confirmed on");

  await expect.poll(async () => (await lettersFromThisCampaign()).length, { timeout: 20_000 }).toBe(1);
  const mine = await lettersFromThisCampaign();
  expect(mine).toHaveLength(1);
  expect(mine[0].headers["Reply-To"]).toContain(email);
  expect(mine[0].envelopeTo).toEqual([MP_EMAIL]);
  expect(mine[0].headers["From"]).toMatch(/^"?Nare Hakobyan via Constituent"? <letters@/);
  expect(mine[0].headers["X-Constituent-Campaign"]).toBe(SLUG);
  expect(mine[0].text).toContain("Nare Hakobyan confirmed this email address with Constituent");

  await page.reload();
  await expect(page.getByTestId("letters")).toContainText(/Sent on/);
  await page.goto(`/en/campaigns/${SLUG}`);
  await expect(page.getByTestId("signature-count")).toHaveText("5 of 5,000 verified signatures");
  // Once nothing is left to send: still exactly one letter from her (no duplicate send).
  await waitForQueueIdle(request);
  expect(await lettersFromThisCampaign()).toHaveLength(1);
  expect((await mailTo(request, MP_EMAIL)).filter((m) => m.headers["Reply-To"]?.includes(email))).toHaveLength(1);
});

test("a supporter with an invalid postal code or a bad email is told what to fix, in her language, and keeps what she typed", async ({ page, world }) => {
  const SLUG = world.campaignSlug;
  await page.goto(`/fr/campaigns/${SLUG}/sign`);
  await page.getByLabel("Nom complet").fill("Lucie Tremblay");
  await page.getByLabel("Adresse courriel").fill("lucie@example.org");
  await page.getByLabel("Code postal").fill("D1A 1A1");
  await page.getByLabel("Commentaire (facultatif)").fill("Merci pour ce travail.");
  await page.getByRole("button", { name: "Signer" }).click();
  await expect(page.getByText("Entrez un code postal canadien comme K1A 0A6.").first()).toBeVisible();
  await expect(page.getByLabel("Nom complet")).toHaveValue("Lucie Tremblay");
  await expect(page.getByLabel("Adresse courriel")).toHaveValue("lucie@example.org");
  await expect(page.getByLabel("Commentaire (facultatif)")).toHaveValue("Merci pour ce travail.");
  await expect(page.getByLabel("Code postal")).toHaveValue("D1A 1A1");

  await page.goto(`/en/campaigns/${SLUG}/sign`);
  await page.getByLabel("Full name").fill("Lucie Tremblay");
  await page.getByLabel("Email address").fill("lucie@example");
  await page.getByLabel("Postal code").fill("H2X 1Y4");
  await page.getByRole("button", { name: "Sign" }).click();
  await expect(page.getByText("Enter an email address like name@example.com.").first()).toBeVisible();
  await expect(page.getByLabel("Email address")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Full name")).toHaveValue("Lucie Tremblay");
  await expect(page.getByLabel("Postal code")).toHaveValue("H2X 1Y4");
});

test("a supporter abroad signs without a postal code and is not asked to write to an MP", async ({ page, request, world }) => {
  const SLUG = world.campaignSlug;
  const email = uniqueEmail("abroad");
  await fromAddress(page);
  await page.goto(`/en/campaigns/${SLUG}/sign`);
  await page.getByLabel("Full name").fill("Armen Sargsyan");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("I support this from outside Canada").check();
  await page.getByRole("button", { name: "Sign" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.getByText("While you wait, write to your MP")).toHaveCount(0);
  const [mail] = await waitForMail(request, email);
  const code = /\b(\d{6})\b/.exec(mail.text ?? "")![1];
  await page.getByLabel("6-digit code").fill(code);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByTestId("signature-status")).toContainText("Confirmed on");
  // Letters to MPs are for residents: nothing here says she "has not written" one.
  await expect(page.getByText("You have not written a letter yet.")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Letters" })).toHaveCount(0);
});
