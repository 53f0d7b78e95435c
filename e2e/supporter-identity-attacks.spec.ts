import { expect, type Browser, type Page } from "@playwright/test";
import { fromAddress, linkIn, mailTo, signInAs, test, uniqueEmail, waitForMail, waitForMessage, waitForQueueIdle } from "./fixtures";

/**
 * The adversary of issue #10: someone who knows an activist's address, types it into our forms
 * and reads every response. Each story here failed on the code before the capability model.
 */

const MP_EMAIL = "gary.anand@parl.gc.ca"; // Scarborough—Guildwood—Rouge Park (M1G)

/** A fresh browser (its own cookies), signing from its own network address. */
async function newPhone(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await fromAddress(page);
  return page;
}

async function signResident(page: Page, { slug, name, email, postal }: { slug: string; name: string; email: string; postal: string }) {
  await page.goto(`/en/campaigns/${slug}/sign`);
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Postal code").fill(postal);
  await page.getByRole("button", { name: "Sign" }).click();
  await expect(page.getByRole("heading", { name: "Find your Member of Parliament" })).toBeVisible();
}

/** Everything the server sent this page (HTML, RSC payloads, redirects' bodies), as text. */
function recordResponses(page: Page): string[] {
  const bodies: string[] = [];
  page.on("response", async (r) => {
    try {
      bodies.push(`${r.url()}\n${JSON.stringify(r.headers())}\n${await r.text()}`);
    } catch {
      /* redirects and aborted requests have no body */
    }
  });
  return bodies;
}

test("someone who types a supporter's address into the sign form sees none of her data, on the same pages an unknown address gets", async ({ browser, world }) => {
  const email = uniqueEmail("nare");
  const victim = await newPhone(browser);
  await signResident(victim, { slug: world.campaignSlug, name: "Nare Hakobyan", email, postal: "M1G 3T8" });
  await victim.getByRole("radio", { name: /Scarborough—Guildwood—Rouge Park/ }).check();
  await victim.getByRole("button", { name: "This is my riding" }).click();
  await victim.getByLabel("Your own words").fill("Words only Nare has written.");
  await victim.getByRole("button", { name: "Preview" }).click();
  await expect(victim.getByTestId("letter-preview")).toContainText("Words only Nare has written.");

  const attacker = await newPhone(browser);
  const seen = recordResponses(attacker);
  await signResident(attacker, { slug: world.campaignSlug, name: "Eve Watcher", email: email.toUpperCase(), postal: "K1A 0A6" });
  const attackerRiding = await attacker.locator("main").innerText();
  await attacker.getByRole("button", { name: "This is my riding" }).click();
  await expect(attacker.getByRole("heading", { name: /^Write to / })).toBeVisible();
  await expect(attacker.getByLabel("Your own words")).toHaveValue("");
  const attackerWrite = await attacker.locator("main").innerText();

  // The same steps with an address nobody has used: the same pages, word for word.
  const stranger = await newPhone(browser);
  const strangerEmail = uniqueEmail("stranger").toUpperCase();
  await signResident(stranger, { slug: world.campaignSlug, name: "Eve Watcher", email: strangerEmail, postal: "K1A 0A6" });
  const strangerRiding = await stranger.locator("main").innerText();
  await stranger.getByRole("button", { name: "This is my riding" }).click();
  await expect(stranger.getByRole("heading", { name: /^Write to / })).toBeVisible();
  const strangerWrite = await stranger.locator("main").innerText();
  expect(attackerRiding.replaceAll(email.toUpperCase(), "ADDRESS")).toBe(strangerRiding.replaceAll(strangerEmail, "ADDRESS"));
  expect(attackerWrite.replaceAll(email.toUpperCase(), "ADDRESS")).toBe(strangerWrite.replaceAll(strangerEmail, "ADDRESS"));

  // Nothing of hers in any response the attacker's browser received.
  const all = seen.join("\n");
  for (const secret of ["Nare", "Hakobyan", "M1G", "Scarborough", "Words only Nare has written."]) expect(all).not.toContain(secret);
});

test("a letter written in someone else's name is never sent when she confirms her own signature: she is shown it and may refuse it", async ({ browser, request, world }) => {
  const email = uniqueEmail("lilit");
  const victim = await newPhone(browser);
  await signResident(victim, { slug: world.campaignSlug, name: "Lilit Avetisyan", email, postal: "M1G 3T8" });
  const [herConfirmation] = await waitForMail(request, email);

  // The attacker re-signs with her still-pending address, writes and sends a letter.
  const attacker = await newPhone(browser);
  await signResident(attacker, { slug: world.campaignSlug, name: "Lilit Avetisyan", email, postal: "M1G 3T8" });
  await attacker.getByRole("radio", { name: /Scarborough—Guildwood—Rouge Park/ }).check();
  await attacker.getByRole("button", { name: "This is my riding" }).click();
  await attacker.getByLabel("Your own words").fill("ATTACKER WORDS: I withdraw my support for this campaign.");
  await attacker.getByRole("button", { name: "Preview" }).click();
  await attacker.getByRole("button", { name: "Send my letter" }).click();
  await expect(attacker.getByRole("heading", { name: "Check your email" })).toBeVisible();

  // She confirms from her own, earlier email, on her own phone.
  await victim.goto(linkIn(herConfirmation.text, /http:\/\/localhost:\d+\/en\/confirm\/[A-Za-z0-9_-]+/));
  await victim.getByRole("button", { name: "Confirm my signature" }).click();
  await expect(victim.getByTestId("signature-status")).toContainText("Confirmed on");
  // She is told a letter waits for her approval; it is not sent.
  await expect(victim.getByTestId("letters")).toContainText("Waiting for your approval");

  // Her mailbox has the letter in full, to approve or ignore.
  const approval = await waitForMessage(request, email, (m) => m.subject?.includes("Send your letter") ?? false);
  expect(approval?.text).toContain("ATTACKER WORDS: I withdraw my support for this campaign.");

  await waitForQueueIdle(request);
  const office = await mailTo(request, MP_EMAIL);
  expect(office.filter((m) => (m.text ?? "").includes("ATTACKER WORDS"))).toHaveLength(0);
});

test("the 6-digit code cannot be guessed: tries are counted over the signature's life, resends included", async ({ page, request, world }) => {
  await fromAddress(page);
  const email = uniqueEmail("guess");
  await page.goto(`/en/campaigns/${world.campaignSlug}/sign`);
  await page.getByLabel("Full name").fill("Guess Target");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("I support this from outside Canada").check();
  await page.getByRole("button", { name: "Sign" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  for (let round = 0; round < 2; round++) {
    const [mail] = await waitForMail(request, email, round + 1);
    const right = /\b(\d{6})\b/.exec(mail.text ?? "")![1];
    const wrong = right === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) {
      await page.getByLabel("6-digit code").fill(wrong);
      // Each try is answered before the next: the field is already marked invalid from the last
      // one, so waiting on it alone let a loaded machine send the next try too early (CI flake).
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.includes(world.campaignSlug)),
        page.getByRole("button", { name: "Confirm", exact: true }).click(),
      ]);
      await expect(page.getByLabel("6-digit code")).toHaveAttribute("aria-invalid", "true");
    }
    await page.getByRole("button", { name: "Send the email again" }).click();
  }
  const mails = await waitForMail(request, email, 3);
  const newest = /\b(\d{6})\b/.exec(mails[0].text ?? "")![1];
  await page.getByLabel("6-digit code").fill(newest);
  await page.getByRole("button", { name: "Confirm", exact: true }).click();
  await expect(page.getByText("Too many wrong codes.", { exact: false })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
});

test("a signer caught by the rate limit gets no email, and an owner cannot flood an address with invitations", async ({ page, request, world }) => {
  const ip = await fromAddress(page);
  const first = uniqueEmail("burst-first");
  const second = uniqueEmail("burst-second");
  for (const email of [first, second]) {
    await fromAddress(page, ip);
    await page.goto(`/en/campaigns/${world.campaignSlug}/sign`);
    await page.getByLabel("Full name").fill("Burst Signer");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("I support this from outside Canada").check();
    await page.getByRole("button", { name: "Sign" }).click();
    await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  }
  await waitForMail(request, first);
  await waitForQueueIdle(request);
  expect(await mailTo(request, second)).toHaveLength(0);

  const invitee = uniqueEmail("flooded");
  await signInAs(page, request, world.owner);
  for (let i = 0; i < 4; i++) {
    await page.goto(`/en/org/${world.orgSlug}/members`);
    await page.getByLabel("Email address").fill(invitee);
    // Enter, as a keyboard user sends it: on the phone viewport the invitations table (which
    // grows with each invitation) was once reported by Playwright as covering the button.
    await page.getByLabel("Email address").press("Enter");
    if (i === 0) await expect(page.getByText(`Invitation sent to ${invitee}.`)).toBeVisible();
    else if (i < 3) await expect(page.getByText(`A fresh invitation was sent to ${invitee}.`)).toBeVisible();
  }
  await expect(page.getByText("was not emailed again", { exact: false })).toBeVisible();
  await waitForQueueIdle(request);
  expect(await mailTo(request, invitee)).toHaveLength(3);
});
