import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { demoCampaign } from "@/test/journey";
import { getConfirmedCount } from "@/lib/campaigns/count";
import { getPublicCampaign } from "@/lib/campaigns/public";
import { mayRequestSignIn } from "@/lib/organizer/organizations";
import { resetEnvCache } from "@/lib/server/env";
import { createTestWorld, handleTestHook } from "./hooks";

beforeAll(async () => {
  await useFreshDatabase();
  await demoCampaign();
});
afterEach(() => {
  delete process.env.CONSTITUENT_TEST_HOOKS;
  resetEnvCache();
});
afterAll(resetRuntime);

describe("test hooks", () => {
  it("answer 404 to every hook unless CONSTITUENT_TEST_HOOKS is set", async () => {
    for (const [method, hook] of [["GET", "queue"], ["GET", "mailbox"], ["POST", "world"], ["POST", "baseline"], ["POST", "confirm-pending"]] as const) {
      const r = await handleTestHook(method, hook, new Request(`http://localhost/api/test-hooks/${hook}`, { method, body: method === "POST" ? "{}" : undefined }));
      expect(r.status, `${method} ${hook}`).toBe(404);
    }
  });

  it("make a world of its own: three members who may sign in, a published copy of the demo campaign, and exactly the supporters asked for", async () => {
    const world = await createTestWorld({ tag: "unit-world", supporters: 3 });
    expect(world).toMatchObject({ orgSlug: "t-unit-world", campaignSlug: "t-unit-world-campaign", owner: "owner.unit-world@example.org" });
    for (const email of [world.owner, world.editor, world.viewer]) expect(await mayRequestSignIn(email)).toBe(true);
    const campaign = await getPublicCampaign(world.campaignSlug, "fr");
    expect(campaign?.title).toBe("Capteurs en procès unit-world");
    expect(await getConfirmedCount(world.campaignId)).toBe(3);
    // A tag used twice is refused by the database (slugs and addresses are unique), not merged.
    await expect(createTestWorld({ tag: "unit-world" })).rejects.toThrow();
  });

  it("serve the world through the route when the flag is set, and refuse a malformed one", async () => {
    process.env.CONSTITUENT_TEST_HOOKS = "1";
    resetEnvCache();
    const post = (body: unknown) => handleTestHook("POST", "world", new Request("http://localhost/api/test-hooks/world", { method: "POST", body: JSON.stringify(body) }));
    expect((await post({ tag: "../../etc" })).status).toBe(400);
    const r = await post({ tag: "route-world" });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ orgSlug: "t-route-world", supporters: [] });
    const queue = await handleTestHook("GET", "queue", new Request("http://localhost/api/test-hooks/queue"));
    expect(await queue.json()).toEqual({ due: expect.any(Number) });
  });
});
