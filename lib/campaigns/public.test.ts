import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CAMPAIGN_SLUG } from "@/db/seed";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { demoCampaign } from "@/test/journey";
import { getCampaignCacheStats, getPublicCampaign, getPublicCampaignById, invalidatePublicCampaign } from "./public";
import { getDbHandle, useDatabaseHandle, type Db } from "@/lib/server/db";

beforeAll(async () => {
  await useFreshDatabase();
  await demoCampaign();
});
afterAll(resetRuntime);

/** Runs `fn` against a database that refuses every query, so a test sees whether one was made. */
async function withoutDatabase<T>(fn: () => Promise<T>): Promise<T> {
  const real = await getDbHandle();
  const refusing = new Proxy({}, {
    get() {
      throw new Error("a query was made");
    },
  }) as Db;
  useDatabaseHandle({ ...real, db: refusing });
  try {
    return await fn();
  } finally {
    useDatabaseHandle(real);
  }
}

describe("someone requests thousands of random campaign addresses", () => {
  it("gets 'not found' for each, and the campaign cache holds none of them, only the real campaign", async () => {
    invalidatePublicCampaign();
    expect((await getPublicCampaign(DEMO_CAMPAIGN_SLUG, "en"))?.slug).toBe(DEMO_CAMPAIGN_SLUG);
    const slugs = Array.from({ length: 3_000 }, () => `x-${randomBytes(8).toString("hex")}`);
    for (let i = 0; i < slugs.length; i += 100) {
      const found = await Promise.all(slugs.slice(i, i + 100).map((s) => getPublicCampaign(s, i % 200 ? "en" : "fr")));
      expect(found.every((c) => c === null)).toBe(true);
    }
    expect(getCampaignCacheStats().publicCampaign).toMatchObject({ entries: 1, inFlight: 0 });
    // The real campaign is still served from memory.
    expect(await withoutDatabase(() => getPublicCampaign(DEMO_CAMPAIGN_SLUG, "en"))).toMatchObject({ slug: DEMO_CAMPAIGN_SLUG });
  });

  it("answers addresses no campaign could have without a query and without caching them", async () => {
    invalidatePublicCampaign();
    const absurd = ["x".repeat(81), "a".repeat(10_000), "../../etc/passwd", "Drone-Sensors", "a b", "<script>", "", "-a-", DEMO_CAMPAIGN_SLUG + "\u0000"];
    const found = await withoutDatabase(() => Promise.all(absurd.map((s) => getPublicCampaign(s, "en"))));
    expect(found).toEqual(absurd.map(() => null));
    expect(await withoutDatabase(() => getPublicCampaignById("not-a-uuid' or 1=1", "en"))).toBeNull();
    expect(getCampaignCacheStats().publicCampaign.entries).toBe(0);
  });

  it("still finds a real campaign by its id, and an unknown id is not found", async () => {
    const demo = await demoCampaign();
    expect(await getPublicCampaignById(demo.id, "en")).toMatchObject({ slug: DEMO_CAMPAIGN_SLUG });
    expect(await getPublicCampaignById(randomUUID(), "en")).toBeNull();
  });

  it("an unsupported language adds no cache entries of its own", async () => {
    invalidatePublicCampaign();
    for (const l of ["en", "de", "xx", "zz-top", "fr"]) expect(await getPublicCampaign(DEMO_CAMPAIGN_SLUG, l)).not.toBeNull();
    expect(getCampaignCacheStats().publicCampaign.entries).toBe(2);
  });
});
