import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import type { TestWorld, TestWorldInput } from "@/lib/testing/hooks";

export type { TestWorld };

export const DEMO_SLUG = "drone-sensors-export-oversight";

/** axe allows one run at a time per page: the explicit checks and those on every load take turns. */
const axeRuns = new WeakMap<Page, Promise<unknown>>();
function runAxe(page: Page) {
  const run = (axeRuns.get(page) ?? Promise.resolve())
    .catch(() => {})
    .then(() => within(AXE_SECONDS, new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze()));
  axeRuns.set(page, run);
  return run;
}

/**
 * An axe run gives up after this long. A run on a page whose context the story closed meanwhile
 * can wait forever (axe opens a page of its own in that context to finish); a live page takes a
 * second or two.
 */
const AXE_SECONDS = 30;
function within<T>(seconds: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`axe did not finish within ${seconds} s`)), seconds * 1000);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The page as it stands passes axe at WCAG 2.1 A and AA; the failure lists each rule and element. */
export async function expectAccessible(page: Page): Promise<void> {
  const axe = await runAxe(page);
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

export interface SinkMessage {
  id: number;
  envelopeTo: string[];
  subject: string | null;
  messageId: string | null;
  headers: Record<string, string>;
  text: string | null;
  html: string | null;
}

let n = 0;
export function uniqueEmail(prefix: string): string {
  n++;
  return `${prefix}.${Date.now().toString(36)}${n}@example.org`;
}

/** Messages the app sent through real SMTP to its local sink, to one address. */
export async function mailTo(request: APIRequestContext, address: string): Promise<SinkMessage[]> {
  const url = `/api/test-hooks/mailbox?to=${encodeURIComponent(address)}`;
  // A kept-alive connection the server closes just as a request goes out is reset (ECONNRESET):
  // a property of HTTP keep-alive, not of the app. Such a read is asked again, once.
  const r = await request.get(url).catch((err: Error) => {
    if (!/ECONNRESET|socket hang up/.test(err.message)) throw err;
    return request.get(url);
  });
  expect(r.ok()).toBe(true);
  return ((await r.json()) as { messages: SinkMessage[] }).messages;
}

/** Waits (polling the sink) until `count` messages to the address have arrived. */
export async function waitForMail(request: APIRequestContext, address: string, count = 1): Promise<SinkMessage[]> {
  let messages: SinkMessage[] = [];
  await expect
    .poll(async () => (messages = await mailTo(request, address)).length, { timeout: 20_000, intervals: [250, 500, 1000] })
    .toBeGreaterThanOrEqual(count);
  return messages;
}

/**
 * Waits until a message to the address matches, and returns it. An address that already holds
 * other mail (an office that got letters) cannot wait by count: the count is met before the
 * message the story asked for has arrived.
 */
export async function waitForMessage(request: APIRequestContext, address: string, matches: (m: SinkMessage) => boolean): Promise<SinkMessage> {
  let found: SinkMessage | undefined;
  await expect
    .poll(async () => (found = (await mailTo(request, address)).find(matches)) !== undefined, { timeout: 20_000, intervals: [250, 500, 1000] })
    .toBe(true);
  return found!;
}

export function linkIn(text: string | null, pattern: RegExp): string {
  const m = (text ?? "").match(pattern);
  if (!m) throw new Error(`no link matching ${pattern} in:\n${text}`);
  return m[0];
}

/** Each test signs from its own address (the e2e server trusts one proxy hop: this header). */
// Each call takes the next address of 198.18.0.0/16 from a random start, so two signers of one
// campaign in one worker never share an IP (a shared IP is a per-IP rate limit, which flags).
// 198.19.0.0/16 is left to stories that choose their addresses.
let nextAddress = Math.floor(Math.random() * 60_000);
function freshAddress(): string {
  const n = nextAddress++ % 60_000;
  return `198.18.${Math.floor(n / 250)}.${1 + (n % 250)}`;
}

export async function fromAddress(page: Page, ip = freshAddress()) {
  await page.setExtraHTTPHeaders({ "x-forwarded-for": ip });
  return ip;
}

export const DEMO_ORG = "demo-northern-lights";
export const DEMO_OWNER = "organizer@demo.constituent.localhost";
export const DEMO_EDITOR = "editor@demo.constituent.localhost";
export const DEMO_VIEWER = "viewer@demo.constituent.localhost";
export const OTHER_ORG = "demo-open-skies";
export const OTHER_OWNER = "owner@open-skies.demo.constituent.localhost";

/** The English sign-in link of a sign-in email (it opens a page with a button, not the callback). */
export function signInLinkIn(text: string | null): string {
  return linkIn(text, /http:\/\/localhost:\d+\/en\/org\/sign-in\/continue\?[^\s]+/);
}

/** Signs in as an organization member from the link the app mails to the local sink; ends on /en/org. */
export async function signInAs(page: Page, request: APIRequestContext, email: string): Promise<void> {
  await page.goto("/en/org/sign-in");
  const before = (await mailTo(request, email)).length;
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const mails = await waitForMail(request, email, before + 1);
  await page.goto(signInLinkIn(mails[0].text)); // newest first
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/en\/org$/);
}
/** Editor in DEMO_ORG and viewer in OTHER_ORG (db/seed.ts DEMO_MULTI_EMAIL): the organization switcher's demo. */
export const DEMO_MULTI = "volunteer@demo.constituent.localhost";

/**
 * Waits until no mail or letter job is due or running, twice in a row: after this, "no email was
 * sent" is a fact about the outbox, not a guess after a sleep.
 */
export async function waitForQueueIdle(request: APIRequestContext): Promise<void> {
  let idleTwice = 0;
  await expect
    .poll(
      async () => {
        const r = await request.get("/api/test-hooks/queue");
        expect(r.ok()).toBe(true);
        const { due } = (await r.json()) as { due: number };
        idleTwice = due === 0 ? idleTwice + 1 : 0;
        return idleTwice;
      },
      { timeout: 20_000, intervals: [200, 300, 500] },
    )
    .toBeGreaterThanOrEqual(2);
}

/** A tag no other test (in this run or an earlier one on the same database) uses. */
export function uniqueTag(prefix = "w"): string {
  n++;
  return `${prefix}-${Date.now().toString(36)}${n}${Math.floor(Math.random() * 36 ** 3).toString(36)}`;
}

/**
 * A fresh organization (owner, editor, viewer) with one published campaign cloned from the demo's
 * content under its own title, and `supporters` confirmed signatures: made by the running server
 * (lib/testing/hooks.ts), which owns the database.
 */
export async function createWorld(request: APIRequestContext, input: Partial<TestWorldInput> = {}): Promise<TestWorld> {
  const r = await request.post("/api/test-hooks/world", { data: { tag: uniqueTag(), ...input } });
  expect(r.status(), await r.text()).toBe(200);
  return (await r.json()) as TestWorld;
}

/**
 * `test` with a `world` of the test's own (see createWorld); `test.use({ worldSupporters: 3 })`
 * starts its campaign with that many confirmed signatures. Tests that never touch `world` create
 * nothing.
 */
export const test = base.extend<{ worldSupporters: number; world: TestWorld; axeEveryPage: void }>({
  worldSupporters: [0, { option: true }],
  world: async ({ request, worldSupporters }, use) => {
    await use(await createWorld(request, { supporters: worldSupporters }));
  },
  axeEveryPage: [checkEveryPageLoad, { auto: true }],
});

/**
 * Every story is an accessibility test too (issue #14): each time a page of the story (in any of
 * its browser contexts, with or without JavaScript) finishes loading, axe checks it at WCAG 2.1 A
 * and AA, and the story fails at its end if any check found a violation. A check the story's next
 * step overtook (the page navigated away first) is skipped: that state was not one the reader
 * stopped at; explicit `expectAccessible` calls check the states reached without a load.
 */
const checkedStates = new Set<string>();

async function checkEveryPageLoad({ browser, context }: { browser: import("@playwright/test").Browser; context: import("@playwright/test").BrowserContext }, use: () => Promise<void>) {
  const violations: string[] = [];
  const checks: { page: Page; done: Promise<void> }[] = [];
  const watchPage = (page: Page) => {
    page.on("load", () => {
      const url = page.url();
      if (page.isClosed() || !/^https?:\/\/(localhost|127\.0\.0\.1)/.test(url)) return;
      checks.push({
        page,
        done: within(
          AXE_SECONDS * 2,
          (async () => {
            const shape = await page
              .evaluate(() =>
                document.contentType === "text/html"
                  ? `${document.documentElement.lang}|${document.title}|${document.querySelectorAll("*").length}|${document.querySelectorAll("[aria-invalid=true], [role=alert], [role=status]").length}`
                  : null,
              )
              .catch(() => null);
            if (shape === null) return;
            // A state already checked in this worker (the same page, with ids and tokens set aside,
            // and the same shape) is not checked again: every story visits the campaign page.
            const key = `${new URL(url).pathname.replace(/[0-9a-f]{8}-[0-9a-f-]{27}|[A-Za-z0-9_-]{32,}|t-[a-z0-9-]+/g, ":")}|${shape}`;
            if (checkedStates.has(key)) return;
            // The story goes on while axe runs. If its next step changed the page meanwhile (a
            // form's answer rendered in place, no load), findings may be about a mix of two states
            // (a title between two renders, say): a run that found something while the page
            // changed is run again, and its findings count only if the page held still for it.
            const watch = () =>
              page
                .evaluate(() => {
                  const w = window as unknown as { __axeStable?: boolean; __axeObserver?: MutationObserver };
                  w.__axeStable = true;
                  w.__axeObserver ??= new MutationObserver(() => (w.__axeStable = false));
                  w.__axeObserver.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
                  return true;
                })
                .catch(() => false);
            const heldStill = () => page.evaluate(() => (window as unknown as { __axeStable?: boolean }).__axeStable === true).catch(() => false);
            if (!(await watch())) return;
            let axe = await runAxe(page);
            if (axe.violations.length > 0 && !(await heldStill())) {
              if (!(await watch())) return;
              axe = await runAxe(page);
              if (!(await heldStill())) return;
            }
            checkedStates.add(key);
            for (const v of axe.violations) violations.push(`${new URL(url).pathname}: ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
          })(),
        ).catch(() => {}),
      });
    });
  };
  const watchContext = (c: import("@playwright/test").BrowserContext) => {
    c.pages().forEach(watchPage);
    c.on("page", watchPage);
  };
  watchContext(context);
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const c = await newContext(...args);
    watchContext(c);
    return c;
  };
  try {
    await use();
  } finally {
    browser.newContext = newContext;
  }
  // Checks on pages the story closed are dropped; those on open pages are awaited, within bounds
  // (the teardown shares the story's time).
  const open = checks.filter((c) => !c.page.isClosed()).map((c) => c.done);
  await within(20, Promise.all(open)).catch(() => {});
  expect(violations, "axe violations on pages this story loaded").toEqual([]);
}

/**
 * A supporter signs a campaign from abroad (a fresh client address), opens the link from her
 * confirmation email and presses the button. Ends on her status page; returns its address.
 */
export async function signAbroadAndConfirm(page: Page, request: APIRequestContext, slug: string, name: string, email: string): Promise<string> {
  await fromAddress(page);
  await page.goto(`/en/campaigns/${slug}/sign`);
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("I am a Canadian citizen living abroad").check();
  await page.getByRole("button", { name: "Sign" }).click();
  const [mail] = await waitForMail(request, email);
  await page.goto(linkIn(mail.text, /http:\/\/localhost:\d+\/en\/confirm\/[A-Za-z0-9_-]+/));
  await page.getByRole("button", { name: "Confirm my signature" }).click();
  // Not just the heading: "Your signature" is also part of the confirmation page's "Confirm your signature".
  await expect(page).toHaveURL(/\/en\/s\/[A-Za-z0-9_-]+\?confirmed=1$/);
  await expect(page.getByRole("heading", { name: "Your signature", exact: true })).toBeVisible();
  return page.url().replace(/\?.*$/, "");
}

/** The public count of a campaign, as its page shows it ("12 of 5,000 verified signatures"). */
export async function publicCount(page: Page, slug: string): Promise<number> {
  await page.goto(`/en/campaigns/${slug}`);
  return Number((await page.getByTestId("signature-count").innerText()).split(" of ")[0].replace(/\D/g, ""));
}

/**
 * What an attacker does to a form that works without JavaScript: the scope a page binds to its
 * action (locale, organization, campaign) travels in hidden `$ACTION_…` fields, which anyone can
 * rewrite before posting. Replaces `from` with `to` in them; fails if nothing carried `from`.
 */
export async function retargetForm(form: Locator, from: string, to: string): Promise<void> {
  const changed = await form.locator('input[type="hidden"][name^="$ACTION_"]').evaluateAll(
    (inputs, [a, b]) => {
      let n = 0;
      for (const el of inputs as HTMLInputElement[]) {
        if (el.value.includes(a)) {
          el.value = el.value.split(a).join(b);
          n++;
        }
      }
      return n;
    },
    [from, to],
  );
  expect(changed, `a bound field holding ${from}`).toBeGreaterThan(0);
}
