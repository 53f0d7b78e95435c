import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CAMPAIGN_SLUG } from "@/db/seed";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { confirmFromMailbox, demoCampaign, sign, uniqueEmail } from "@/test/journey";
import { QUEUES } from "@/lib/jobs/queue";
import { processAvailableJobs } from "@/lib/jobs/worker";
import { chooseFlowRiding } from "@/lib/signing/flows";
import { getPublicCampaignStats, invalidatePublicStats, MIN_GROUP, publicStatsCsvRows } from "./public-stats";

beforeAll(async () => {
  await useFreshDatabase();
  await demoCampaign();
});
afterAll(resetRuntime);

/** A verified supporter from a riding (or from abroad, with none). */
async function verified(fedNum: string | null, postalCode = "K1A 0A6") {
  const email = uniqueEmail("count");
  const s = await sign({ email, name: "Ani Petrosyan", residency: fedNum ? "resident" : "citizen_abroad", postalCode: fedNum ? postalCode : "", consent: false });
  if (fedNum) expect(await chooseFlowRiding(s.flowId, s.campaignId, fedNum)).toBe(true);
  await processAvailableJobs({ queues: [QUEUES.confirmationMail] });
  await confirmFromMailbox(email);
}

describe("anyone reads a campaign's public figures without singling out a supporter", () => {
  it("shows a riding and a province only from five verified signatures; smaller groups and signers abroad count as other", async () => {
    const before = (await getPublicCampaignStats(DEMO_CAMPAIGN_SLUG))!;
    for (let i = 0; i < MIN_GROUP; i++) await verified("35100", "M5V 3L9"); // Spadina—Harbourfront (ON): shown
    await verified("62001", "X0A 0H0"); // Nunavut: one riding, one territory, one signer: never shown
    await verified(null);
    // The figures are reused for ten seconds: read them fresh in a new instance's memory.
    invalidatePublicStats((await demoCampaign()).id);
    const stats = (await getPublicCampaignStats(DEMO_CAMPAIGN_SLUG))!;
    expect(stats.count).toBe(before.count + MIN_GROUP + 2);
    expect(stats.byRiding.find((r) => r.fedNum === "35100")?.count).toBe((before.byRiding.find((r) => r.fedNum === "35100")?.count ?? 0) + MIN_GROUP);
    expect(stats.byRiding.some((r) => r.fedNum === "62001")).toBe(false);
    expect(stats.byProvince.some((p) => p.province === "NU")).toBe(false);
    for (const g of [...stats.byRiding, ...stats.byProvince]) expect(g.count).toBeGreaterThanOrEqual(MIN_GROUP);
    expect(stats.other.ridings).toBe(stats.count - stats.byRiding.reduce((n, r) => n + r.count, 0));
    expect(stats.state).toBe("published");
    expect(stats.languages).toContain("en");
    const csv = publicStatsCsvRows(stats);
    expect(csv[0]).toEqual(["fed_num", "riding_en", "riding_fr", "province", "verified_signatures"]);
    expect(csv.at(-1)![4]).toBe(String(stats.other.ridings));
  });

  it("has no figures for a campaign that does not exist or is not public", async () => {
    expect(await getPublicCampaignStats("no-such-campaign")).toBeNull();
  });
});
