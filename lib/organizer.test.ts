import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignContent, campaigns, organizations } from "@/db/schema";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { demoCampaign } from "@/test/journey";
import { listOrganizationCampaigns } from "./campaigns";
import { getDb } from "./db";

let demo: Awaited<ReturnType<typeof demoCampaign>>;
let otherOrgId: string;
beforeAll(async () => {
  await useFreshDatabase();
  demo = await demoCampaign();
  const db = await getDb();
  const [org] = await db.insert(organizations).values({ name: "Other Group", slug: "other-group" }).returning({ id: organizations.id });
  otherOrgId = org.id;
  const [c] = await db.insert(campaigns).values({ organizationId: org.id, slug: "other-draft", status: "draft" }).returning({ id: campaigns.id });
  await db.insert(campaignContent).values({ campaignId: c.id, locale: "en", title: "Other draft", summary: "s", bodyMarkdown: "b", demand: "d" });
});
afterAll(resetRuntime);

describe("an organizer lists campaigns", () => {
  it("sees only her own organization's campaigns, drafts included", async () => {
    const mine = await listOrganizationCampaigns({ organizationId: demo.organizationId }, "en");
    expect(mine.map((c) => c.slug)).toEqual([demo.slug]);
    const theirs = await listOrganizationCampaigns({ organizationId: otherOrgId }, "en");
    expect(theirs).toEqual([{ id: expect.any(String), slug: "other-draft", title: "Other draft", status: "draft", confirmed: 0 }]);
  });
});
