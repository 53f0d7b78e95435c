import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { createWorld, fromAddress, linkIn, mailTo, signInAs, test, uniqueEmail, waitForMail, waitForMessage, waitForQueueIdle } from "./fixtures";

/*
 * MPs' offices (decision 0029). Each story writes to an office no other story writes to:
 * Regina—Wascana (S4P), Saskatoon—University (S7N) and Prince Albert (S6V), Winnipeg Centre (R3A).
 */

/** The supporter's status page, reloaded until her letter's line says this (the worker runs after the page loaded). */
async function letterShows(page: Page, text: RegExp | string) {
  await expect.poll(async () => page.reload().then(() => page.getByTestId("letters").innerText()), { timeout: 20_000 }).toMatch(text);
}

/** A supporter signs with a postal code of one riding, writes (optionally in her own words), sends, and confirms from her mailbox. */
async function writeAndConfirm(page: Page, request: APIRequestContext, slug: string, who: { name: string; email: string; postal: string; ownWords?: string }) {
  await fromAddress(page);
  await page.goto(`/en/campaigns/${slug}/sign`);
  await page.getByLabel("Full name").fill(who.name);
  await page.getByLabel("Email address").fill(who.email);
  await page.getByLabel("Postal code").fill(who.postal);
  await page.getByRole("button", { name: "Sign" }).click();
  await expect(page.getByRole("heading", { name: "Find your Member of Parliament" })).toBeVisible();
  await page.getByRole("button", { name: "This is my riding" }).click();
  await expect(page.getByRole("heading", { name: /^Write to / })).toBeVisible();
  if (who.ownWords) await page.getByLabel("Your own words").fill(who.ownWords);
  await page.getByRole("button", { name: "Preview" }).click();
  await page.getByRole("button", { name: "Send my letter" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const mails = await waitForMail(request, who.email, 2);
  const confirmation = mails.find((m) => m.subject?.startsWith("Confirm your signature"))!;
  await page.goto(linkIn(confirmation.text, /http:\/\/localhost:\d+\/en\/confirm\/[A-Za-z0-9_-]+/));
  await page.getByRole("button", { name: "Confirm my signature" }).click();
  await expect(page.getByText("Thank you: your signature is confirmed.")).toBeVisible();
}

test("an office switches to a daily digest from the link in a letter, gets no single letters after that, and one digest with exactly the letters written since", async ({ page, request, world, browser }) => {
  const OFFICE = "michael.kram@parl.gc.ca"; // Regina—Wascana
  const fromThisCampaign = async () => (await mailTo(request, OFFICE)).filter((m) => m.headers["X-Constituent-Campaign"] === world.campaignSlug);

  await writeAndConfirm(page, request, world.campaignSlug, { name: "Ani Petrosyan", email: uniqueEmail("ani"), postal: "S4P 3Y2" });
  await expect.poll(async () => (await fromThisCampaign()).length, { timeout: 20_000 }).toBe(1);
  const [letter] = await fromThisCampaign();
  const preferences = linkIn(letter.text, /http:\/\/localhost:\d+\/en\/office\/preferences\/[A-Za-z0-9_.-]+/);

  // The office follows the link: it proposes; the office's own mailbox decides.
  const office = await (await browser.newContext()).newPage();
  await office.goto(preferences);
  await expect(office.getByRole("heading", { name: "How letters reach your office" })).toBeVisible();
  await expect(office.getByTestId("office-current")).toHaveText("Now: each letter as it comes.");
  await office.getByLabel("One daily digest").check();
  await office.getByLabel("Hour of the digest (Ottawa time)").selectOption("9");
  await office.getByRole("button", { name: "Ask for this change" }).click();
  await expect(office.getByRole("status")).toHaveText(`We emailed ${OFFICE} a link to confirm this change. Nothing changes until someone opens it from that mailbox.`);
  await expect(office.getByTestId("office-current")).toHaveText("Now: each letter as it comes.");
  const confirm = await waitForMessage(request, OFFICE, (m) => m.subject === "Confirm how letters reach your office");
  expect(confirm.text).toContain("one daily digest at 09:00 (Ottawa time)");
  await office.goto(linkIn(confirm.text, /http:\/\/localhost:\d+\/en\/office\/confirm\/[A-Za-z0-9_-]+/));
  await office.getByRole("button", { name: "Confirm" }).click();
  await expect(office.getByRole("status")).toHaveText("Saved. Letters now reach your office as: one daily digest at 09:00 (Ottawa time).");
  await expect(office.getByTestId("office-current")).toHaveText("Now: one daily digest at 09:00 (Ottawa time).");

  // Two more supporters write; nothing leaves on its own.
  const garine = uniqueEmail("garine");
  await writeAndConfirm(page, request, world.campaignSlug, { name: "Garine Ohanian", email: garine, postal: "S4P 3Y2" });
  await letterShows(page, "Waiting to go in the office's next digest");
  const raffi = uniqueEmail("raffi");
  const ownWords = "I worked at a plant that made these sensors, and I want every permit reviewed in public.";
  const other = await (await browser.newContext()).newPage();
  await writeAndConfirm(other, request, world.campaignSlug, { name: "Raffi Kazandjian", email: raffi, postal: "S4P 3Y2", ownWords });
  await waitForQueueIdle(request);
  expect(await fromThisCampaign()).toHaveLength(1);

  // The digest, now (the command `npm run digests -- --now` does the same): one email, exactly those two.
  const run = await request.post(`/api/test-hooks/digest?office=${encodeURIComponent(OFFICE)}`);
  expect(await run.json()).toEqual({ digests: 1, letters: 2 });
  const digests = (await mailTo(request, OFFICE)).filter((m) => m.headers["X-Constituent-Digest"]);
  expect(digests).toHaveLength(1);
  const digest = digests[0];
  expect(digest.subject).toMatch(/^Letters from constituents: 2 /);
  expect(digest.text).toContain("2 verified constituents of your riding wrote.");
  expect(digest.text).toContain(`Garine Ohanian, S4P 3Y2 <${garine}>`);
  expect(digest.text).toContain(`--- Raffi Kazandjian, S4P 3Y2 <${raffi}>`);
  expect(digest.text).toContain(ownWords);
  expect(digest.text).not.toContain("Ani Petrosyan");
  expect(digest.headers["List-Unsubscribe"]).toBeUndefined();
  expect(digest.text).toMatch(/Choose how letters reach your office: http:\/\/localhost:\d+\/en\/office\/preferences\//);
  await waitForQueueIdle(request);
  expect(await fromThisCampaign()).toHaveLength(1);

  // Garine's status page says where her letter went.
  await letterShows(page, "Delivered in the office's digest of");
});

test("an office signs in with a link mailed to its address and sees only the letters sent to it; a stranger learns nothing", async ({ page, request, world, browser }) => {
  const OFFICE = "corey.tochor@parl.gc.ca"; // Saskatoon—University
  const ELSEWHERE = "randy.hoback@parl.gc.ca"; // Prince Albert
  await writeAndConfirm(page, request, world.campaignSlug, { name: "Nora Sarkissian", email: uniqueEmail("nora"), postal: "S7N 0W8", ownWords: "Please read this one yourself: the sensors came from a town near mine." });
  const p2 = await (await browser.newContext()).newPage();
  await writeAndConfirm(p2, request, world.campaignSlug, { name: "Vahe Gregorian", email: uniqueEmail("vahe"), postal: "S6V 1A1" });
  const delivered = async (to: string) => (await mailTo(request, to)).filter((m) => m.headers["X-Constituent-Campaign"] === world.campaignSlug).length;
  await expect.poll(() => delivered(OFFICE), { timeout: 20_000 }).toBe(1);
  await expect.poll(() => delivered(ELSEWHERE), { timeout: 20_000 }).toBe(1);

  const office = await (await browser.newContext()).newPage();
  // Not signed in: the inbox sends to the sign-in page.
  await office.goto("/en/office/inbox");
  await expect(office).toHaveURL(/\/en\/office$/);
  expect((await office.request.get("/api/office/letters.csv")).status()).toBe(401);

  // A stranger's address and the office's get the same answer.
  const ask = async (email: string) => {
    await office.goto("/en/office");
    await office.getByLabel("Office email address").fill(email);
    await office.getByRole("button", { name: "Email me a link" }).click();
    await expect(office).toHaveURL(/\/en\/office\?sent=1$/);
    return office.locator("main").innerText();
  };
  const stranger = uniqueEmail("stranger");
  const answerStranger = await ask(stranger);
  const answerOffice = await ask(OFFICE);
  expect(answerOffice).toBe(answerStranger);
  const mail = await waitForMessage(request, OFFICE, (m) => m.subject?.includes("Sign in to your office's letters") ?? false);
  await waitForQueueIdle(request);
  expect(await mailTo(request, stranger)).toHaveLength(0);

  const link = linkIn(mail.text, /http:\/\/localhost:\d+\/en\/office\/sign-in\/[A-Za-z0-9_-]+/);
  await office.goto(link);
  await office.getByRole("button", { name: "Sign in" }).click();
  await expect(office.getByRole("heading", { name: "Letters to your office" })).toBeVisible();
  const letters = office.getByTestId("office-letters");
  await expect(letters).toContainText("Nora Sarkissian");
  await expect(letters).toContainText("the sensors came from a town near mine");
  await expect(letters).not.toContainText("Vahe Gregorian");
  await expect(office.getByTestId("office-campaigns")).toContainText(`${world.campaignTitle}: 1`);

  // Search, then the CSV of what is shown.
  await office.getByLabel("Search by name, postal code, address or text").fill("town near mine");
  await office.getByRole("button", { name: "Search" }).click();
  await expect(letters).toContainText("Nora Sarkissian");
  const csv = await office.request.get("/api/office/letters.csv");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const text = await csv.text();
  expect(text).toContain("Nora Sarkissian");
  expect(text).not.toContain("Vahe Gregorian");

  // The link worked once.
  const again = await (await browser.newContext()).newPage();
  await again.goto(link);
  await expect(again.getByText("This sign-in link has expired or has already been used. Ask for a new one.")).toBeVisible();
});

test("a relay refuses an office address with 550: the next letter to it waits, then both go to the corrected address after a directory import", async ({ page, request, world, browser }) => {
  const platform = await createWorld(request, { platform: true });
  const admin = await (await browser.newContext()).newPage();
  await signInAs(admin, request, platform.owner);
  const importCsv = async (email: string) => {
    await admin.goto(`/en/org/${platform.orgSlug}/directory/import`);
    await admin.getByLabel("Or paste the CSV text").fill(`fed_num,mp_name,email\n46010,Leah Gazan,${email}\n`);
    // The bundled data's date: the directory's other stories count MPs by it.
    await admin.getByLabel("The data is as of").fill("2025-10-01");
    await admin.getByRole("button", { name: "Show the changes" }).click();
    await admin.getByRole("button", { name: "Apply these changes" }).click();
    await expect(admin.getByRole("status")).toContainText("The directory was updated: 0 new, 1 corrected, 0 vacated.");
  };
  // The office's address is one its server refuses (the local relay refuses any address under .invalid).
  await importCsv("leah.gazan@winnipeg-centre.invalid");

  await writeAndConfirm(page, request, world.campaignSlug, { name: "Sevan Nersessian", email: uniqueEmail("sevan"), postal: "R3A 0A1" });
  await letterShows(page, /The office's address bounced on .*: your letter waits for a corrected address/);

  // The next letter waits instead of bouncing.
  const p2 = await (await browser.newContext()).newPage();
  await writeAndConfirm(p2, request, world.campaignSlug, { name: "Lori Avakian", email: uniqueEmail("lori"), postal: "R3A 0A1" });
  await letterShows(p2, "The office's address bounced on");

  // Organizers see it: in the directory, and on the campaign's dashboard.
  await admin.goto(`/en/org/${platform.orgSlug}/directory?q=Winnipeg+Centre`);
  await expect(admin.getByRole("row", { name: /Winnipeg Centre/ }).getByTestId("bounced")).toContainText("address bounced on");
  // The demo's bounced office shows the same way on a fresh start.
  await admin.goto(`/en/org/${platform.orgSlug}/directory?q=Brandon`);
  await expect(admin.getByRole("row", { name: /Brandon—Souris/ }).getByTestId("bounced")).toContainText("address bounced on");
  const organizer = await (await browser.newContext()).newPage();
  await signInAs(organizer, request, world.owner);
  await organizer.goto(`/en/org/${world.orgSlug}/campaigns/${world.campaignId}`);
  await expect(organizer.getByTestId("bounced-offices")).toContainText("Leah Gazan");
  await expect(organizer.getByTestId("bounced-offices").getByRole("row", { name: /Leah Gazan/ })).toContainText("2");

  // The corrected address: both letters leave, to it.
  const corrected = uniqueEmail("leah.gazan.office");
  await importCsv(corrected);
  await expect.poll(async () => (await mailTo(request, corrected)).filter((m) => m.headers["X-Constituent-Campaign"] === world.campaignSlug).length, { timeout: 20_000 }).toBe(2);
  await letterShows(page, "Sent on");
});
