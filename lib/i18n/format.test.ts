import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, plural } from "./index";

describe("dates and counts read as a person would write them", () => {
  it("writes the first of the month as “1er” in French, and leaves other days and English alone", () => {
    expect(formatDate("fr", "2026-10-01")).toBe("1er octobre 2026");
    expect(formatDate("fr", "2026-10-02")).toBe("2 octobre 2026");
    expect(formatDate("en", "2026-10-01")).toBe("October 1, 2026");
    expect(formatDateTime("fr", new Date("2026-10-01T16:00:00Z"))).toMatch(/^1er oct\. 2026/);
  });

  it("says “1 signature” and “0 signature” in French, “0 signatures” in English", () => {
    const forms = { one: "one", other: "other" };
    expect(plural("en", 1, forms)).toBe("one");
    expect(plural("en", 0, forms)).toBe("other");
    expect(plural("fr", 0, forms)).toBe("one");
    expect(plural("fr", 1, forms)).toBe("one");
    expect(plural("fr", 2, forms)).toBe("other");
  });
});
