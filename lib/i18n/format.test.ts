import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { CATALOGUES } from "./catalogues";
import { catalogue, formatDate, formatDateTime, formatNumber, intlConfig, LANGUAGES, LOCALES, negotiateLocale, translator } from "./index";

describe("dates and counts read as a person would write them", () => {
  it("writes the first of the month as “1er” in French, and leaves other days and English alone", () => {
    expect(formatDate("fr", "2026-10-01")).toBe("1er octobre 2026");
    expect(formatDate("fr", "2026-10-02")).toBe("2 octobre 2026");
    expect(formatDate("en", "2026-10-01")).toBe("October 1, 2026");
    expect(formatDateTime("fr", new Date("2026-10-01T16:00:00Z"))).toMatch(/^1er oct\. 2026/);
  });

  it("says “1 signature” and “0 signature” in French, “0 signatures” in English (ICU plurals)", () => {
    const en = translator("en");
    const fr = translator("fr");
    expect(en("home.signatures", { count: 0 })).toBe("0 signatures");
    expect(en("home.signatures", { count: 1 })).toBe("1 signature");
    // French keeps a number and its noun together with a no-break space.
    expect(fr("home.signatures", { count: 0 })).toBe("0\u00a0signature");
    expect(fr("home.signatures", { count: 1 })).toBe("1\u00a0signature");
    expect(fr("home.signatures", { count: 2 })).toBe("2\u00a0signatures");
    expect(fr("organizer.directory.results", { count: 0 })).toMatch(/^0\s+circonscription$/);
  });

  it("groups thousands the Canadian way: a comma in English, a no-break space in French", () => {
    expect(formatNumber("en", 12345)).toBe("12,345");
    // fr-CA groups with a no-break space (U+00A0 in Node 20's ICU; newer CLDR data uses the narrow U+202F).
    expect(formatNumber("fr", 12345)).toMatch(/^12[\u00a0\u202f]345$/);
    // The `#` of an ICU plural uses the same Intl locale as formatNumber.
    expect(translator("fr")("home.signatures", { count: 12345 })).toBe(`${formatNumber("fr", 12345)}\u00a0signatures`);
    expect(translator("en")("home.signatures", { count: 12345 })).toBe("12,345 signatures");
  });

  it("counts in Armenian by Armenian rules: the noun stays singular after a number, 0 included, and dates read as in Yerevan", () => {
    const hy = translator("hy");
    expect(hy("home.signatures", { count: 0 })).toBe("0 ստորագրություն");
    expect(hy("home.signatures", { count: 1 })).toBe("1 ստորագրություն");
    expect(hy("home.signatures", { count: 2500 })).toBe("2500 ստորագրություն");
    expect(formatDate("hy", "2026-10-01")).toMatch(/^0?1 հոկտեմբերի, 2026 թ\.$/);
    expect(negotiateLocale("hy-AM,hy;q=0.9,en;q=0.5")).toBe("hy");
    expect(negotiateLocale("ru, hy;q=0.8, en;q=0.5")).toBe("hy");
  });

  it("takes every number, date and plural rule from the one language map", () => {
    expect(intlConfig("fr").locale).toBe(LANGUAGES.fr.intl);
    expect(intlConfig("xx").locale).toBe(LANGUAGES.en.intl);
    expect(negotiateLocale("fr-CA,fr;q=0.9,en;q=0.5")).toBe("fr");
    expect(negotiateLocale("de, en;q=0.1")).toBe("en");
    expect(negotiateLocale("fr;q=0, en")).toBe("en");
  });
});

describe("catalogues", () => {
  type Tree = { [k: string]: string | Tree };
  const leaves = (t: Tree, prefix = ""): [string, string][] =>
    Object.entries(t).flatMap(([k, v]) => (typeof v === "string" ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));

  it("has the same keys in every language", () => {
    const reference = leaves(catalogue("en") as unknown as Tree).map(([k]) => k).sort();
    for (const l of LOCALES) expect(leaves(CATALOGUES[l] as unknown as Tree).map(([k]) => k).sort()).toEqual(reference);
  });

  it("holds only valid ICU messages, French typography kept (a no-break space before a colon)", () => {
    for (const l of LOCALES) {
      const errors: string[] = [];
      const translate = createTranslator({ ...intlConfig(l), onError: (e) => errors.push(e.message) });
      const t = translate as unknown as (k: string, v: Record<string, unknown>) => string;
      const markup = translate.markup as unknown as (k: string, v: Record<string, unknown>) => string;
      for (const [key, text] of leaves(CATALOGUES[l] as unknown as Tree)) {
        const names = new Set([...text.matchAll(/\{(\w+)/g)].map((m) => m[1]));
        const values: Record<string, unknown> = Object.fromEntries([...names].map((n) => [n, n === "count" ? 2 : "x"]));
        // Tags (<link>…</link>) are for t.rich/t.markup: each gets a function.
        const tags = [...text.matchAll(/<(\w+)>/g)].map((m) => m[1]);
        for (const tag of tags) values[tag] = (chunks: string) => chunks;
        const out = tags.length ? markup(key, values) : t(key, values);
        if (l === "fr") expect(out, key).not.toMatch(/[^\s\u00a0\u202f]:(\s|$)/u);
      }
      expect(errors).toEqual([]);
    }
  });
});
