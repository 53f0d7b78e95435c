import { expect, test } from "@playwright/test";
import { DEMO_SLUG } from "./fixtures";

test("every Next.js page (all but the static campaign document, e2e/campaign-page.spec.ts) is served with a nonce-based Content-Security-Policy under which it still works", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  const response = await page.goto(`/en/campaigns/${DEMO_SLUG}/sign`);
  const csp = response!.headers()["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(response!.headers()["x-content-type-options"]).toBe("nosniff");
  expect(response!.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // The page hydrated (React attached its handlers) under that policy: submitting an empty form
  // shows the client-rendered error summary without a reload.
  await page.getByRole("button", { name: "Sign" }).click();
  await expect(page.getByText("Enter your full name.").first()).toBeVisible();
  expect(violations).toEqual([]);
});

test("every script tag in a page carries that response's nonce, on pages that could have been prerendered too", async ({ request }) => {
  for (const path of [`/en/campaigns/${DEMO_SLUG}/sign`, "/en/privacy", "/fr/org/check-email", "/en/org/sign-in"]) {
    const r = await request.get(path);
    const nonce = /'nonce-([^']+)'/.exec(r.headers()["content-security-policy"] ?? "")?.[1];
    expect(nonce, path).toBeTruthy();
    const scripts = (await r.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length, path).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
  }
  // A router prefetch is answered under the same policy as the page.
  const prefetch = await request.get("/en/privacy", { headers: { "next-router-prefetch": "1", rsc: "1" } });
  expect(prefetch.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  const r = await request.get(`/en/campaigns/${DEMO_SLUG}/sign`);
  const nonce = /'nonce-([^']+)'/.exec(r.headers()["content-security-policy"] ?? "")?.[1];
  // A second response has a different nonce.
  const again = await request.get(`/en/campaigns/${DEMO_SLUG}/sign`);
  expect(again.headers()["content-security-policy"]).not.toContain(nonce);
});

test("the confirmation and status pages leak no token through the Referer header", async ({ request }) => {
  const r = await request.get("/en/confirm/not-a-real-token");
  expect(r.status()).toBe(200);
  // No Referer leaves the site; "same-origin" rather than "no-referrer", under which a browser sends
  // `Origin: null` with a form posted without JavaScript and the form's own action is refused.
  expect(await r.text()).toContain('name="referrer" content="same-origin"');
});
