import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { eq } from "drizzle-orm";
import { representatives } from "@/db/schema";
import { getDb } from "@/lib/server/db";
import { findRidingsForPostalCode, getRidingWithRepresentative, listRepresentatives } from "./representatives";

beforeAll(async () => {
  await useFreshDatabase();
});
afterAll(resetRuntime);

describe("a supporter looks up their MP by postal code", () => {
  it("finds the one riding of a single-riding prefix, with its MP", async () => {
    // L7R (Burlington) maps to one riding in the bundled data.
    const r = await findRidingsForPostalCode("L7R 1A1");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.source).toBe("fsa");
    expect(r.candidates).toHaveLength(1);
    expect(r.candidates[0].fedNum).toBe("35017");
    expect(r.candidates[0].representative?.email).toMatch(/@parl\.gc\.ca$/);
  });

  it("lists every candidate riding of a prefix that spans several, largest share first", async () => {
    const r = await findRidingsForPostalCode("A0B 1A0");
    expect(r.ok && r.source).toBe("fsa");
    if (!r.ok) return;
    expect(r.candidates.map((c) => c.fedNum)).toEqual(["10007", "10001"]);
    expect(r.candidates[0].share).toBeGreaterThan(r.candidates[1].share ?? 1);
    expect(r.candidates.every((c) => c.representative !== null)).toBe(true);
  });

  it("offers the several ridings of a rural prefix (second character 0)", async () => {
    const r = await findRidingsForPostalCode("a0a1a0");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.postalCode).toBe("A0A 1A0");
    expect(r.candidates.length).toBe(4);
    expect(new Set(r.candidates.map((c) => c.provinceCode))).toEqual(new Set(["NL"]));
  });

  it("falls back to the ridings of the province for an unknown prefix", async () => {
    // Y9Z is a valid pattern with no mapping: Yukon has a single riding.
    const r = await findRidingsForPostalCode("Y9Z 9Z9");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.source).toBe("province");
    expect(r.candidates.map((c) => c.provinceCode)).toEqual(["YT"]);
    const nu = await findRidingsForPostalCode("X9Z 9Z9");
    expect(nu.ok && nu.candidates.map((c) => c.provinceCode).sort()).toEqual(["NT", "NU"]);
  });

  it("accepts odd spacing, hyphens and lower case", async () => {
    for (const input of ["  k1a0a6 ", "K1A-0A6", "k 1 a 0 a 6", "K1A\t0A6"]) {
      const r = await findRidingsForPostalCode(input);
      expect(r.ok && r.postalCode).toBe("K1A 0A6");
    }
  });

  it("rejects invalid codes with a reason the page can translate", async () => {
    expect(await findRidingsForPostalCode("")).toEqual({ ok: false, error: "postal.required" });
    for (const bad of ["D1A 1A1", "W1A 1A1", "Z1A 1A1", "K1O 1A1", "K1A 1AU", "12345", "K1A 0A", "K1A 0A66"]) {
      expect(await findRidingsForPostalCode(bad)).toEqual({ ok: false, error: "postal.invalid" });
    }
  });
});

describe("a riding has no MP (a vacancy after a resignation)", () => {
  it("is still offered, marked vacant rather than failing", async () => {
    const db = await getDb();
    await db.update(representatives).set({ current: false }).where(eq(representatives.ridingFedNum, "35017"));
    try {
      const r = await findRidingsForPostalCode("L7R 1A1");
      expect(r.ok && r.candidates).toEqual([expect.objectContaining({ fedNum: "35017", representative: null })]);
      expect(await getRidingWithRepresentative("35017")).toMatchObject({ fedNum: "35017", representative: null });
    } finally {
      await db.update(representatives).set({ current: true }).where(eq(representatives.ridingFedNum, "35017"));
    }
  });
});

describe("an organizer searches the representative directory", () => {
  it("finds MPs by name and riding, filtered by province and party", async () => {
    const byName = await listRepresentatives({ q: "anand" });
    expect(byName.map((r) => r.name)).toContain("Anita Anand");
    const byRiding = await listRepresentatives({ q: "Oakville East" });
    expect(byRiding[0].name).toBe("Anita Anand");
    const yukon = await listRepresentatives({ province: "YT" });
    expect(yukon).toHaveLength(1);
    const greens = await listRepresentatives({ party: "Green" });
    expect(greens).toHaveLength(1);
    const all = await listRepresentatives();
    expect(all).toHaveLength(343);
  });

  it("treats a search containing LIKE wildcards as text", async () => {
    expect(await listRepresentatives({ q: "%" })).toHaveLength(0);
  });
});
