import { writeFileSync } from "node:fs";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CAMPAIGN_SLUG } from "@/db/seed";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { confirmFromMailbox, demoCampaign, sign, uniqueEmail } from "@/test/journey";
import { processAvailableJobs } from "@/lib/jobs/worker";
import { QUEUES } from "@/lib/jobs/queue";
import { getConfirmedCount } from "./count";
import { getPublicCampaign } from "./public";
import { SHARE_IMAGE_SIZE, shareImageAlt } from "./share-card";
import { renderShareImage } from "./share-image";

beforeAll(async () => {
  await useFreshDatabase();
  await demoCampaign();
});
afterAll(resetRuntime);

function decode(png: ArrayBuffer) {
  const bytes = Buffer.from(png);
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return PNG.sync.read(bytes);
}

describe("a supporter shares a campaign link", () => {
  it("the card is a 1200×630 PNG whose alt text gives the title, the organization and the live count", async () => {
    const c = (await getPublicCampaign(DEMO_CAMPAIGN_SLUG, "en"))!;
    const image = (await renderShareImage(DEMO_CAMPAIGN_SLUG, "en"))!;
    const png = decode(image.png);
    expect({ width: png.width, height: png.height }).toEqual(SHARE_IMAGE_SIZE);
    const count = await getConfirmedCount(c.id);
    expect(image.alt).toBe(shareImageAlt(c, "en", count));
    expect(image.alt).toContain(c.title);
    expect(image.alt).toContain(c.organization.name);
    expect(image.alt).toContain(`${count} of 5,000 verified signatures`);
    if (process.env.SHARE_IMAGE_DUMP) writeFileSync(`${process.env.SHARE_IMAGE_DUMP}/en.png`, Buffer.from(image.png));
  });

  it("is drawn in the page's language, Armenian included, with Armenian glyphs rather than empty boxes", async () => {
    const en = (await renderShareImage(DEMO_CAMPAIGN_SLUG, "en"))!;
    const hy = (await renderShareImage(DEMO_CAMPAIGN_SLUG, "hy"))!;
    const fr = (await renderShareImage(DEMO_CAMPAIGN_SLUG, "fr"))!;
    expect(hy.alt).toContain("հաստատված ստորագրություն");
    expect(fr.alt).toContain("signatures vérifiées");
    expect(Buffer.from(hy.png).equals(Buffer.from(en.png))).toBe(false);
    decode(hy.png);
    if (process.env.SHARE_IMAGE_DUMP) {
      writeFileSync(`${process.env.SHARE_IMAGE_DUMP}/hy.png`, Buffer.from(hy.png));
      writeFileSync(`${process.env.SHARE_IMAGE_DUMP}/fr.png`, Buffer.from(fr.png));
    }
  });

  it("shows the new count once another signature is confirmed, and nothing for a campaign that is not public", async () => {
    const before = (await renderShareImage(DEMO_CAMPAIGN_SLUG, "en"))!;
    const email = uniqueEmail("card");
    const s = await sign({ email });
    await processAvailableJobs({ queues: [QUEUES.confirmationMail] });
    await confirmFromMailbox(email, s.flowId);
    const after = (await renderShareImage(DEMO_CAMPAIGN_SLUG, "en"))!;
    expect(after.alt).not.toBe(before.alt);
    expect(Buffer.from(after.png).equals(Buffer.from(before.png))).toBe(false);
    expect(await renderShareImage("no-such-campaign", "en")).toBeNull();
  });
});
