import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signatures, signingFlows } from "@/db/schema";
import { getDb } from "@/lib/server/db";
import { signInputSchema } from "@/lib/signing/sign";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { demoCampaign, sign, uniqueEmail } from "@/test/journey";
import { normalizeSource, sourceTagSchema } from "./sources";

beforeAll(async () => {
  await useFreshDatabase();
  await demoCampaign();
});
afterAll(resetRuntime);

describe("a campaign link carries a source tag", () => {
  it("keeps a well-formed tag, lower-cased, and drops anything else without refusing the signature", () => {
    expect(normalizeSource("Newsletter-Dec")).toBe("newsletter-dec");
    expect(normalizeSource(" qr ")).toBe("qr");
    expect(normalizeSource("a".repeat(40))).toBe("a".repeat(40));
    for (const bad of ["a".repeat(41), "-poster", "news letter", "affiche_été", "<script>", "", ["qr", "x"], 42, null, undefined]) {
      expect(normalizeSource(bad)).toBeNull();
    }
    const parsed = signInputSchema.parse({ name: "Ani", email: "ani@example.org", residency: "ally_abroad", source: "x'; drop table signatures;--" });
    expect(parsed.source).toBeNull();
    expect(signInputSchema.parse({ name: "Ani", email: "ani@example.org", residency: "ally_abroad", source: "QR" }).source).toBe("qr");
  });

  it("an organizer's tag is checked with a reason they can act on", () => {
    expect(sourceTagSchema.parse(" Newsletter-DEC ")).toBe("newsletter-dec");
    expect(sourceTagSchema.safeParse("").error?.issues[0].message).toBe("source.required");
    expect(sourceTagSchema.safeParse("b".repeat(41)).error?.issues[0].message).toBe("source.tooLong");
    expect(sourceTagSchema.safeParse("news letter").error?.issues[0].message).toBe("source.invalid");
  });

  it("a supporter who signs from a tagged link has the tag on her flow and her signature; signing again from another keeps the first", async () => {
    const email = uniqueEmail("tagged");
    const first = await sign({ email, residency: "ally_abroad", source: "poster-a" });
    const again = await sign({ email, residency: "ally_abroad", source: "newsletter" });
    const db = await getDb();
    const [s] = await db.select({ source: signatures.source }).from(signatures).where(eq(signatures.id, first.signatureId));
    expect(s.source).toBe("poster-a");
    const flows = await db.select({ id: signingFlows.id, source: signingFlows.source }).from(signingFlows).where(eq(signingFlows.signatureId, first.signatureId));
    expect(Object.fromEntries(flows.map((f) => [f.id, f.source]))).toEqual({ [first.flowId]: "poster-a", [again.flowId]: "newsletter" });
    const untagged = await sign({ email: uniqueEmail("direct"), residency: "ally_abroad" });
    const [u] = await db.select({ source: signatures.source }).from(signatures).where(eq(signatures.id, untagged.signatureId));
    expect(u.source).toBeNull();
  });
});
