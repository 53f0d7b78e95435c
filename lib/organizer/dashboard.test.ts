import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LettersAttention } from "@/app/[locale]/org/[org]/campaigns/[id]/LettersAttention";
import { sanitiseDeliveryReason, type LettersNeedingAttention } from "./dashboard";

const data: LettersNeedingAttention = {
  dailyCap: 200,
  failedTotal: 1,
  failed: [
    {
      letterId: "00000000-0000-4000-8000-000000000001",
      mpName: "Jane Office",
      failedAt: new Date("2026-11-20T15:00:00Z"),
      attempts: 2,
      reason: sanitiseDeliveryReason("550: <ani@example.org>: Mailbox unavailable"),
      supporterName: "Ani Petrosyan",
    },
  ],
  deferred: [{ representativeId: "00000000-0000-4000-8000-000000000002", mpName: "Paul Busy", count: 37, resumesAt: new Date("2026-11-21T05:05:00Z") }],
};

function render(locale: string, showSupporter: boolean, d: LettersNeedingAttention = data): string {
  return renderToStaticMarkup(createElement(LettersAttention, { locale, data: d, showSupporter }));
}

describe("an organizer looks at letters needing attention on the dashboard", () => {
  it("sees each failed letter's MP and the relay's reason with addresses masked, and the letters waiting for an office's daily cap", () => {
    const html = render("en", true);
    expect(html).toContain("Letters needing attention");
    expect(html).toContain("Failed letters (1)");
    expect(html).toContain("Jane Office");
    expect(html).toContain("550: &lt;[address]&gt;: Mailbox unavailable");
    expect(html).not.toContain("ani@example.org");
    expect(html).toContain("Ani Petrosyan");
    expect(html).toContain("Waiting for an office&#x27;s daily limit");
    expect(html).toContain("Paul Busy");
    expect(html).toContain(">37<");
    expect(html).toContain("at most 200 letters a day");
  });

  it("as a viewer sees no supporter's name, in French too", () => {
    const html = render("fr", false, { ...data, failed: data.failed.map((f) => ({ ...f, supporterName: null })) });
    expect(html).toContain("Lettres à surveiller");
    expect(html).toContain("Lettres en échec (1)");
    expect(html).not.toContain("Ani Petrosyan");
    expect(html).not.toContain("Sympathisant");
  });

  it("is told plainly when nothing needs attention", () => {
    expect(render("en", true, { dailyCap: 200, failedTotal: 0, failed: [], deferred: [] })).toContain("No letter has failed");
  });
});
