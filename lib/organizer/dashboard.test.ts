import { and, eq, inArray, sql } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LettersAttention } from "@/app/[locale]/org/[org]/campaigns/[id]/LettersAttention";
import {
  campaignContent,
  campaignStats,
  campaigns,
  letters,
  organizations,
  representatives,
  signatures,
  supporters,
  users,
  type LetterStatus,
} from "@/db/schema";
import { DEMO_ORG_SLUG, DEMO_ORGANIZER_EMAIL } from "@/db/seed";
import { QUEUES } from "@/lib/jobs/queue";
import { processAvailableJobs } from "@/lib/jobs/worker";
import { getDb } from "@/lib/server/db";
import { chooseFlowRiding } from "@/lib/signing/flows";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { addMember, confirmFromMailbox, demoCampaign, sign, uniqueEmail } from "@/test/journey";
import {
  DASHBOARD_REFRESH_AFTER_SECONDS,
  DASHBOARD_SNAPSHOT_FROM_ROWS,
  getCampaignDashboard,
  refreshDashboardSnapshots,
  sanitiseDeliveryReason,
  type LettersNeedingAttention,
} from "./dashboard";
import { getActorForUser, type Actor } from "./organizations";

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
  bounced: [{ representativeId: "00000000-0000-4000-8000-000000000003", mpName: "Leah Moved", count: 4, bouncedAt: new Date("2026-11-19T15:00:00Z") }],
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
    // An office whose address bounced: its letters wait for a corrected address, and say since when.
    expect(html).toContain("Waiting for a corrected office address");
    expect(html).toMatch(/Leah Moved<\/td><td>4<\/td><td>address bounced on Nov(ember)? 19, 2026/);
  });

  it("as a viewer sees no supporter's name, in French too", () => {
    const html = render("fr", false, { ...data, failed: data.failed.map((f) => ({ ...f, supporterName: null })) });
    expect(html).toContain("Lettres à surveiller");
    expect(html).toContain("Lettres en échec (1)");
    expect(html).not.toContain("Ani Petrosyan");
    expect(html).not.toContain("Sympathisant");
  });

  it("is told plainly when nothing needs attention", () => {
    expect(render("en", true, { dailyCap: 200, failedTotal: 0, failed: [], deferred: [], bounced: [] })).toContain("No letter has failed");
  });
});

/* ------------------------------------------------------------------ figures and their snapshot */

describe("a large campaign's dashboard comes from a snapshot under a minute old", () => {
  let demo: Awaited<ReturnType<typeof demoCampaign>>;
  let owner: Actor;
  let otherOwner: Actor;
  let quietCampaignId: string;
  /** Every read here treats the test campaigns as large: the snapshot applies from 0 rows. */
  const large = { snapshotFromRows: 0 };

  async function snapshotRow(campaignId: string) {
    const db = await getDb();
    const [row] = await db.select().from(campaignStats).where(eq(campaignStats.campaignId, campaignId));
    return row ?? null;
  }

  /** Moves a snapshot back in time, as if it had been computed `seconds` earlier. */
  async function age(campaignId: string, seconds: number) {
    const db = await getDb();
    await db
      .update(campaignStats)
      .set({ computedAt: sql`${campaignStats.computedAt} - make_interval(secs => ${seconds})` })
      .where(eq(campaignStats.campaignId, campaignId));
  }

  async function signAndConfirm(slug: string, fedNum?: string) {
    const email = uniqueEmail("dash");
    const s = await sign({ email, name: "Nare Dashboard" }, slug);
    if (fedNum) expect(await chooseFlowRiding(s.flowId, s.campaignId, fedNum)).toBe(true);
    await processAvailableJobs({ queues: [QUEUES.confirmationMail] });
    await confirmFromMailbox(email);
    return s.signatureId;
  }

  beforeAll(async () => {
    await useFreshDatabase();
    demo = await demoCampaign();
    const db = await getDb();
    const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_ORGANIZER_EMAIL));
    owner = (await getActorForUser(u.id, DEMO_ORG_SLUG))!;
    const [org] = await db.insert(organizations).values({ name: "Quiet Group", slug: "quiet-group" }).returning({ id: organizations.id });
    otherOwner = await addMember("owner@quiet.example", org.id, "quiet-group", "owner");
    const [quiet] = await db.insert(campaigns).values({ organizationId: org.id, slug: "quiet-one", status: "closed" }).returning({ id: campaigns.id });
    quietCampaignId = quiet.id;

    // The demo campaign: every state, with and without ridings, today and on earlier days, and
    // letters in every state to two MPs.
    await signAndConfirm(demo.slug, "35100");
    await signAndConfirm(demo.slug, "35100");
    await signAndConfirm(demo.slug, "24037");
    await signAndConfirm(demo.slug);
    await sign({ email: uniqueEmail("pending"), name: "Not Yet" }, demo.slug);
    const people = await db
      .insert(supporters)
      .values([1, 2, 3, 4, 5].map((i) => ({ email: `old${i}@example.net`, emailHash: `old${i}@example.net` })))
      .returning({ id: supporters.id });
    const old = (i: number, status: "confirmed" | "pending" | "flagged" | "invalidated", daysAgo: number, fedNum: string | null, provinceCode: string | null) =>
      ({
        campaignId: demo.id,
        supporterId: people[i].id,
        name: "Old",
        residency: "resident",
        status,
        ridingFedNum: fedNum,
        provinceCode,
        confirmedAt: status === "confirmed" ? new Date() : null,
        invalidatedAt: status === "invalidated" ? new Date() : null,
        createdAt: sql`now() - make_interval(days => ${daysAgo})`,
      }) as never;
    await db.insert(signatures).values([
      old(0, "confirmed", 3, "12006", "NS"),
      old(1, "confirmed", 90, null, "QC"), // older than the chart, still in the totals
      old(2, "pending", 10, null, null),
      old(3, "flagged", 1, null, null),
      old(4, "invalidated", 2, "35100", "ON"),
    ]);
    const [spadinaMp] = await db.select().from(representatives).where(and(eq(representatives.ridingFedNum, "35100"), eq(representatives.current, true)));
    const [laurierMp] = await db.select().from(representatives).where(and(eq(representatives.ridingFedNum, "24037"), eq(representatives.current, true)));
    const confirmed = await db.select({ id: signatures.id }).from(signatures).where(and(eq(signatures.campaignId, demo.id), eq(signatures.status, "confirmed")));
    const letter = (i: number, representativeId: string, status: LetterStatus) => ({
      campaignId: demo.id,
      signatureId: confirmed[i].id,
      representativeId,
      status,
      subject: "s",
      body: "b",
      messageId: `<${crypto.randomUUID()}@test>`,
    });
    await db.insert(letters).values([
      letter(0, spadinaMp.id, "sent"),
      letter(1, spadinaMp.id, "sending"),
      letter(2, laurierMp.id, "sent"),
      letter(3, laurierMp.id, "failed"),
      letter(4, spadinaMp.id, "held"),
      letter(5, laurierMp.id, "cancelled"),
      letter(0, laurierMp.id, "draft"),
    ]);
    // Two of the confirmed supporters signed from a poster's tagged link.
    await db.update(signatures).set({ source: "poster" }).where(inArray(signatures.id, [confirmed[0].id, confirmed[1].id]));
  });
  afterAll(resetRuntime);

  it("returns exactly the live figures, numbers as numbers and days as strings, with the time they were computed", async () => {
    const before = Date.now();
    const live = (await getCampaignDashboard(owner, demo.id, "en", { ...large, maxAgeSeconds: 0 }))!;
    expect(live.byStatus).toEqual({ pending: 2, confirmed: 6, flagged: 1, invalidated: 1 });
    expect(live.funnel).toEqual({ signed: 8, confirmed: 6, letterSent: 2 });
    expect(live.lettersByMp.map((l) => l.counts)).toEqual([
      { held: 1, queued: 1, sent: 1, failed: 0, cancelled: 0 },
      { held: 0, queued: 0, sent: 1, failed: 1, cancelled: 1 },
    ]);
    expect(live.byRiding.at(-1)).toEqual({ fedNum: null, nameEn: null, nameFr: null, provinceCode: null, mpName: null, count: 2 });
    // Letters held back, failed, cancelled or in draft count under no source column.
    expect(live.bySource).toEqual([
      { source: "poster", confirmed: 2, lettersQueued: 1, lettersSent: 1 },
      { source: null, confirmed: 4, lettersQueued: 0, lettersSent: 1 },
    ]);
    expect(live.byProvince).toContainEqual({ provinceCode: "QC", count: 2 });
    expect(live.perDay.reduce((n, d) => n + d.confirmed + d.pending, 0)).toBe(7);
    expect(live.computedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);

    // The live read stored its figures, stamped with the same time.
    const row = (await snapshotRow(demo.id))!;
    expect(row.computedAt.getTime()).toBe(live.computedAt.getTime());

    const read = (await getCampaignDashboard(owner, demo.id, "en", large))!;
    expect(read).toStrictEqual(live);
    expect(typeof read.byStatus.confirmed).toBe("number");
    expect(read.perDay.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.day) && typeof d.confirmed === "number")).toBe(true);
    expect(read.computedAt).toBeInstanceOf(Date);
    // Only the figures: nothing of the snapshot's bookkeeping reaches the page.
    expect(Object.keys(read).sort()).toEqual(["byProvince", "byRiding", "bySource", "byStatus", "campaign", "computedAt", "funnel", "lettersByMp", "perDay"]);
    // A new live computation over unchanged data gives the same figures.
    const again = (await getCampaignDashboard(owner, demo.id, "en", { ...large, maxAgeSeconds: 0 }))!;
    expect({ ...again, computedAt: null }).toStrictEqual({ ...read, computedAt: null });
  });

  it("shows the snapshot's own time while it is under a minute old, and counts again after", async () => {
    await getCampaignDashboard(owner, demo.id, "en", { ...large, maxAgeSeconds: 0 });
    await age(demo.id, 50);
    const stored = (await snapshotRow(demo.id))!;
    const read = (await getCampaignDashboard(owner, demo.id, "en", large))!;
    expect(read.computedAt.getTime()).toBe(stored.computedAt.getTime());
    expect(Date.now() - read.computedAt.getTime()).toBeGreaterThanOrEqual(49_000);

    await age(demo.id, 11);
    const before = Date.now();
    const fresh = (await getCampaignDashboard(owner, demo.id, "en", large))!;
    expect(fresh.computedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect((await snapshotRow(demo.id))!.computedAt.getTime()).toBe(fresh.computedAt.getTime());
  });

  it("shows a new confirmed signature after one refresh of the job, and not before", async () => {
    const first = (await getCampaignDashboard(owner, demo.id, "en", { ...large, maxAgeSeconds: 0 }))!;
    await signAndConfirm(demo.slug, "24037");
    const stale = (await getCampaignDashboard(owner, demo.id, "en", large))!;
    expect(stale.byStatus.confirmed).toBe(first.byStatus.confirmed);
    expect(stale.computedAt.getTime()).toBe(first.computedAt.getTime());

    // Younger than the job's threshold: left alone.
    expect(await refreshDashboardSnapshots(large)).toEqual({ candidates: 0, refreshed: 0 });
    await age(demo.id, DASHBOARD_REFRESH_AFTER_SECONDS);
    expect(await refreshDashboardSnapshots(large)).toEqual({ candidates: 1, refreshed: 1 });
    const after = (await getCampaignDashboard(owner, demo.id, "en", large))!;
    expect(after.byStatus.confirmed).toBe(first.byStatus.confirmed + 1);
    expect(after.funnel.confirmed).toBe(first.funnel.confirmed + 1);
    expect(after.byRiding.find((r) => r.fedNum === "24037")?.count).toBe((first.byRiding.find((r) => r.fedNum === "24037")?.count ?? 0) + 1);
    expect(after.computedAt.getTime()).toBeGreaterThan(first.computedAt.getTime());
    expect(after).toStrictEqual((await getCampaignDashboard(owner, demo.id, "en", large))!);
  });

  it("leaves a quiet campaign's snapshot alone: nothing changed, nothing is computed", async () => {
    const db = await getDb();
    const [s] = await db.insert(supporters).values({ email: "quiet@example.net", emailHash: "quiet@example.net" }).returning({ id: supporters.id });
    await db.insert(signatures).values({
      campaignId: quietCampaignId,
      supporterId: s.id,
      name: "Q",
      residency: "resident",
      status: "confirmed",
      confirmedAt: sql`now() - interval '1 hour'`,
      createdAt: sql`now() - interval '1 hour'`,
    } as never);
    const first = (await getCampaignDashboard(otherOwner, quietCampaignId, "en", large))!;
    expect(first.byStatus.confirmed).toBe(1);
    await age(quietCampaignId, 600);
    const tick = await refreshDashboardSnapshots({ ...large, olderThanSeconds: 0 });
    expect((await snapshotRow(quietCampaignId))!.computedAt.getTime()).toBe(first.computedAt.getTime() - 600_000);
    expect(tick.refreshed).toBe(tick.candidates);
    // Its next read is over a minute past the snapshot: counted live, stored again.
    const read = (await getCampaignDashboard(otherOwner, quietCampaignId, "en", large))!;
    expect(read.computedAt.getTime()).toBeGreaterThan(first.computedAt.getTime());
    expect({ ...read, computedAt: null }).toStrictEqual({ ...first, computedAt: null });
  });

  it("counts a letter leaving held, queued or sending as activity, though that change carries no time", async () => {
    const db = await getDb();
    const [sig] = await db.select({ id: signatures.id }).from(signatures).where(eq(signatures.campaignId, quietCampaignId));
    const [mp] = await db.select({ id: representatives.id }).from(representatives).where(eq(representatives.current, true)).limit(1);
    const [l] = await db
      .insert(letters)
      .values({
        campaignId: quietCampaignId,
        signatureId: sig.id,
        representativeId: mp.id,
        status: "held",
        subject: "s",
        body: "b",
        messageId: `<${crypto.randomUUID()}@test>`,
        createdAt: sql`now() - interval '1 hour'`,
        heldAt: sql`now() - interval '1 hour'`,
      } as never)
      .returning({ id: letters.id });
    const first = (await getCampaignDashboard(otherOwner, quietCampaignId, "en", { ...large, maxAgeSeconds: 0 }))!;
    expect(first.lettersByMp.map((m) => m.counts.held)).toEqual([1]);
    await age(quietCampaignId, 600);
    await refreshDashboardSnapshots({ ...large, olderThanSeconds: 0 });
    expect((await snapshotRow(quietCampaignId))!.computedAt.getTime()).toBe(first.computedAt.getTime() - 600_000);

    // Cancelled (as withdrawal and anonymisation do): no timestamp, one letter fewer in flight.
    await db.update(letters).set({ status: "cancelled" }).where(eq(letters.id, l.id));
    await refreshDashboardSnapshots({ ...large, olderThanSeconds: 0 });
    const after = (await getCampaignDashboard(otherOwner, quietCampaignId, "en", large))!;
    expect(after.computedAt.getTime()).toBeGreaterThan(first.computedAt.getTime());
    expect(after.lettersByMp.map((m) => m.counts)).toEqual([{ held: 0, queued: 0, sent: 0, failed: 0, cancelled: 1 }]);
  });

  it("gives another organization's actor nothing, fresh snapshot or not, and stores nothing for them", async () => {
    await getCampaignDashboard(owner, demo.id, "en", { ...large, maxAgeSeconds: 0 });
    const stored = (await snapshotRow(demo.id))!;
    expect(await getCampaignDashboard(otherOwner, demo.id, "en", large)).toBeNull();
    expect(await getCampaignDashboard(otherOwner, demo.id, "en", { ...large, maxAgeSeconds: 0 })).toBeNull();
    expect(await getCampaignDashboard({ organizationId: crypto.randomUUID() }, demo.id, "en", large)).toBeNull();
    expect(await getCampaignDashboard(otherOwner, "not-a-uuid", "en", large)).toBeNull();
    expect(await snapshotRow(demo.id)).toEqual(stored);
    expect(await getCampaignDashboard(owner, quietCampaignId, "en", large)).toBeNull();
  });

  it("counts a small campaign live at every read, so a reload shows each change at once", async () => {
    const db = await getDb();
    const [c] = await db.insert(campaigns).values({ organizationId: demo.organizationId, slug: "small-one", status: "published", publishedAt: new Date() }).returning({ id: campaigns.id });
    await db.insert(campaignContent).values({ campaignId: c.id, locale: "en", title: "Small one", summary: "s", bodyMarkdown: "b", demand: "d" });
    const first = (await getCampaignDashboard(owner, c.id, "en"))!;
    expect(first.campaign).toEqual({ id: c.id, slug: "small-one", title: "Small one", status: "published" });
    expect(first.byStatus.confirmed).toBe(0);
    await signAndConfirm("small-one");
    expect((await getCampaignDashboard(owner, c.id, "en"))!.byStatus.confirmed).toBe(1);
    expect(DASHBOARD_SNAPSHOT_FROM_ROWS).toBeGreaterThan(1);
    expect(await snapshotRow(c.id)).toBeNull();
  });
});
