import { and, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, campaigns, exportRequests, organizations, signatures } from "@/db/schema";
import { DEMO_ORGANIZER_EMAIL, DEMO_OTHER_CAMPAIGN_SLUG, DEMO_OTHER_ORG_SLUG, DEMO_OTHER_OWNER_EMAIL } from "@/db/seed";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { actorByEmail, addMember, demoCampaign, sign, sinkHighWater, uniqueEmail } from "@/test/journey";
import { QUEUES } from "@/lib/jobs/queue";
import { processAvailableJobs } from "@/lib/jobs/worker";
import { listSinkMessages } from "@/lib/server/mail-sink";
import { getDb } from "@/lib/server/db";
import { decideExportRequest, downloadExportRequest, getExportPanel, requestExport } from "./export-requests";
import { EXPORT_COLUMNS, exportFilterSchema, readExportCsv, streamSignaturesCsv } from "./exports";
import { type Actor } from "./organizations";
import { updateExportSettings } from "./settings";

let demo: Awaited<ReturnType<typeof demoCampaign>>;
let orgSlug: string;
let ownerA: Actor;
let ownerB: Actor;
let editor: Actor;
let viewer: Actor;
let otherOwner: Actor;
let otherCampaignId: string;

const ALL = exportFilterSchema.parse({ status: "all" });


async function requestRow(id: string) {
  const db = await getDb();
  const [r] = await db.select().from(exportRequests).where(eq(exportRequests.id, id));
  return r;
}

async function auditFor(action: string, targetId: string) {
  const db = await getDb();
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)))
    .orderBy(desc(auditLog.id));
}

/** The sink's high-water mark once earlier notices have gone: what arrives after it is the next act's. */
async function markAfterPendingNotices(): Promise<number> {
  await processAvailableJobs({ queues: [QUEUES.exportNoticeMail] });
  return sinkHighWater();
}

/** Runs the export-notice jobs and returns the subjects each address received since `after`. */
async function noticesSince(after: number, addresses: string[]): Promise<Record<string, string[]>> {
  await processAvailableJobs({ queues: [QUEUES.exportNoticeMail] });
  const out: Record<string, string[]> = {};
  for (const a of addresses) out[a] = (await listSinkMessages({ to: a, afterId: after })).map((m) => m.subject ?? "");
  return out;
}

async function csvOf(stream: ReadableStream<Uint8Array>): Promise<string> {
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return new TextDecoder().decode(bytes);
}

/** Everything of the other organization a cross-organization attempt could touch. */
async function snapshot() {
  const db = await getDb();
  return {
    requests: await db.select().from(exportRequests).orderBy(exportRequests.id),
    audits: (await db.select({ n: sql<number>`count(*)::int` }).from(auditLog))[0].n,
  };
}

beforeAll(async () => {
  await useFreshDatabase();
  demo = await demoCampaign();
  const db = await getDb();
  orgSlug = (await db.select({ slug: organizations.slug }).from(organizations).where(eq(organizations.id, demo.organizationId)))[0].slug;
  ownerA = await actorByEmail(DEMO_ORGANIZER_EMAIL, orgSlug);
  ownerB = await addMember("second-owner@exports.example", demo.organizationId, orgSlug, "owner");
  editor = await addMember("editor@exports.example", demo.organizationId, orgSlug, "editor");
  viewer = await addMember("viewer@exports.example", demo.organizationId, orgSlug, "viewer");
  otherOwner = await actorByEmail(DEMO_OTHER_OWNER_EMAIL, DEMO_OTHER_ORG_SLUG);
  otherCampaignId = (await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.slug, DEMO_OTHER_CAMPAIGN_SLUG)))[0].id;
  // Two supporters of the demo campaign, one whose name a spreadsheet would run as a formula.
  const a = await sign({ email: uniqueEmail("exp"), name: "Lilit Export" });
  await sign({ email: uniqueEmail("exp"), name: "Aram Export" });
  await db.update(signatures).set({ name: "=1+1" }).where(eq(signatures.id, a.signatureId));
});
afterAll(resetRuntime);

describe("without approval required, every download is recorded and named", () => {
  it("creates a downloaded export row and writes its identifier as the CSV's first line", async () => {
    const r = await streamSignaturesCsv(editor, demo.id, ALL);
    if (!r.ok) throw new Error(r.error);
    const text = await csvOf(r.stream);
    const csv = readExportCsv(text);
    expect(csv.exportId).toBe(r.exportId);
    // One cell (no comma), before the column names: a spreadsheet shows it in A1.
    const firstLine = text.replace(/^\uFEFF/, "").split("\r\n")[0];
    expect(firstLine).toMatch(new RegExp(`^# Constituent export ${r.exportId} · ${orgSlug} · ${demo.slug} · \\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$`));
    expect(firstLine).not.toContain(",");
    expect(csv.header).toEqual([...EXPORT_COLUMNS]);
    // Formulas are still neutralised.
    expect(csv.records.map((x) => x.name)).toContain("'=1+1");

    expect(await requestRow(r.exportId)).toMatchObject({ organizationId: demo.organizationId, campaignId: demo.id, status: "downloaded", requestedBy: editor.userId, decidedBy: null, decidedAt: null });
    expect((await requestRow(r.exportId)).downloadedAt).toBeInstanceOf(Date);
    const [audit] = await auditFor("signatures.export", demo.id);
    expect(audit).toMatchObject({ organizationId: demo.organizationId, actorUserId: editor.userId, targetType: "campaign", detail: { exportId: r.exportId, filter: { status: "all", province: null } } });
  });

  it("has nothing to request: a request is refused as not required", async () => {
    expect(await requestExport(editor, demo.id, ALL)).toEqual({ ok: false, error: "not_required" });
  });
});

describe("an export waits for a second owner", () => {
  let requestId: string;

  beforeAll(async () => {
    expect(await updateExportSettings(ownerA, { exportApprovalRequired: true, retentionMonths: 6 })).toMatchObject({ ok: true });
  });

  it("refuses a direct download once approval is required, and records nothing", async () => {
    const db = await getDb();
    const before = (await db.select({ n: sql<number>`count(*)::int` }).from(exportRequests))[0].n;
    expect(await streamSignaturesCsv(editor, demo.id, ALL)).toEqual({ ok: false, error: "approval_required" });
    expect((await db.select({ n: sql<number>`count(*)::int` }).from(exportRequests))[0].n).toBe(before);
  });

  it("records an editor's request with its filter, audited, and emails the other owners", async () => {
    const mark = await markAfterPendingNotices();
    const r = await requestExport(editor, demo.id, exportFilterSchema.parse({ status: "all", province: "" }));
    if (!r.ok) throw new Error(r.error);
    requestId = r.requestId;
    const row = await requestRow(requestId);
    expect(row).toMatchObject({ status: "requested", requestedBy: editor.userId, decidedBy: null, downloadedAt: null });
    const days = (row.expiresAt.getTime() - row.requestedAt.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(7, 3);
    const [audit] = await auditFor("export.request", requestId);
    expect(audit).toMatchObject({ organizationId: demo.organizationId, actorUserId: editor.userId, targetType: "export_request", detail: { campaignId: demo.id, filter: { status: "all", province: null } } });
    expect(audit.at).toBeInstanceOf(Date);

    const mails = await noticesSince(mark, [DEMO_ORGANIZER_EMAIL, "second-owner@exports.example", "editor@exports.example"]);
    expect(mails[DEMO_ORGANIZER_EMAIL]).toHaveLength(1);
    expect(mails[DEMO_ORGANIZER_EMAIL][0]).toMatch(/^Export request to approve: /);
    expect(mails["second-owner@exports.example"]).toHaveLength(1);
    expect(mails["editor@exports.example"]).toEqual([]);
    const [mail] = await listSinkMessages({ to: "second-owner@exports.example", limit: 1 });
    expect(mail.text).toContain("editor@exports.example");
    expect(mail.text).toContain(`/en/org/${orgSlug}/campaigns/${demo.id}/export`);
  });

  it("cannot be downloaded while it waits, and the other owners see it to decide", async () => {
    expect(await downloadExportRequest(editor, requestId)).toEqual({ ok: false, error: "pending" });
    const forB = await getExportPanel(ownerB, demo.id, "en");
    expect(forB?.approvalRequired).toBe(true);
    expect(forB?.requests.find((x) => x.id === requestId)).toMatchObject({ status: "requested", requestedBy: "editor@exports.example", mayDecide: true, mayDownload: false, mine: false, filter: { status: "all", province: null } });
    const forEditor = await getExportPanel(editor, demo.id, "en");
    expect(forEditor?.requests.find((x) => x.id === requestId)).toMatchObject({ mine: true, mayDecide: false, mayDownload: false });
    expect(await getExportPanel(viewer, demo.id, "en")).toBeNull();
  });

  it("is approved by an owner who did not ask; only the requester downloads it, once, within 24 hours", async () => {
    expect(await decideExportRequest(editor, requestId, "approve")).toEqual({ ok: false, error: "forbidden" });
    const mark = await markAfterPendingNotices();
    expect(await decideExportRequest(ownerA, requestId, "approve")).toEqual({ ok: true });
    const row = await requestRow(requestId);
    expect(row).toMatchObject({ status: "approved", decidedBy: ownerA.userId });
    expect((row.expiresAt.getTime() - row.decidedAt!.getTime()) / 3_600_000).toBeCloseTo(24, 3);
    const [audit] = await auditFor("export.approve", requestId);
    expect(audit).toMatchObject({ actorUserId: ownerA.userId, targetType: "export_request", detail: { campaignId: demo.id, requestedBy: editor.userId } });
    const mails = await noticesSince(mark, ["editor@exports.example", "second-owner@exports.example"]);
    expect(mails["editor@exports.example"]).toHaveLength(1);
    expect(mails["editor@exports.example"][0]).toMatch(/^Your export is approved: /);
    expect(mails["second-owner@exports.example"]).toEqual([]);
    // A second decision finds nothing waiting.
    expect(await decideExportRequest(ownerB, requestId, "refuse")).toEqual({ ok: false, error: "not_pending" });

    // Another owner cannot download what the editor asked for.
    expect(await downloadExportRequest(ownerB, requestId)).toEqual({ ok: false, error: "forbidden" });
    const r = await downloadExportRequest(editor, requestId);
    if (!r.ok) throw new Error(r.error);
    expect(r.exportId).toBe(requestId);
    const text = await csvOf(r.stream);
    expect(text.replace(/^\uFEFF/, "").split("\r\n")[0]).toMatch(new RegExp(`^# Constituent export ${requestId} · ${orgSlug} · ${demo.slug} · `));
    const csv = readExportCsv(text);
    expect(csv.exportId).toBe(requestId);
    expect(csv.header).toEqual([...EXPORT_COLUMNS]);
    // The filter requested (all statuses) is the one applied.
    expect(csv.records.map((x) => x.name)).toEqual(expect.arrayContaining(["'=1+1", "Aram Export"]));
    expect(await requestRow(requestId)).toMatchObject({ status: "downloaded", requestedBy: editor.userId, decidedBy: ownerA.userId });
    const [download] = await auditFor("signatures.export", demo.id);
    expect(download).toMatchObject({ actorUserId: editor.userId, detail: { exportId: requestId, approvedBy: ownerA.userId, filter: { status: "all", province: null } } });

    expect(await downloadExportRequest(editor, requestId)).toEqual({ ok: false, error: "already_downloaded" });
  });

  it("refuses to let the requester approve or refuse their own request", async () => {
    const r = await requestExport(ownerA, demo.id, ALL);
    if (!r.ok) throw new Error(r.error);
    expect(await decideExportRequest(ownerA, r.requestId, "approve")).toEqual({ ok: false, error: "own_request" });
    expect(await decideExportRequest(ownerA, r.requestId, "refuse")).toEqual({ ok: false, error: "own_request" });
    expect(await requestRow(r.requestId)).toMatchObject({ status: "requested", decidedBy: null });
    expect(await auditFor("export.approve", r.requestId)).toHaveLength(0);
    expect((await getExportPanel(ownerA, demo.id, "en"))?.requests.find((x) => x.id === r.requestId)).toMatchObject({ mine: true, mayDecide: false });
  });

  it("cannot download a refused request", async () => {
    const r = await requestExport(ownerA, demo.id, ALL);
    if (!r.ok) throw new Error(r.error);
    const mark = await markAfterPendingNotices();
    expect(await decideExportRequest(ownerB, r.requestId, "refuse")).toEqual({ ok: true });
    expect(await requestRow(r.requestId)).toMatchObject({ status: "refused", decidedBy: ownerB.userId });
    expect((await auditFor("export.refuse", r.requestId))[0]).toMatchObject({ actorUserId: ownerB.userId, targetType: "export_request" });
    expect((await noticesSince(mark, [DEMO_ORGANIZER_EMAIL]))[DEMO_ORGANIZER_EMAIL][0]).toMatch(/^Your export was refused: /);
    expect(await downloadExportRequest(ownerA, r.requestId)).toEqual({ ok: false, error: "refused" });
    expect(await decideExportRequest(ownerB, r.requestId, "approve")).toEqual({ ok: false, error: "not_pending" });
  });

  it("expires a request nobody decided within 7 days, and an approval not downloaded within 24 hours", async () => {
    const db = await getDb();
    const stale = await requestExport(editor, demo.id, ALL);
    if (!stale.ok) throw new Error(stale.error);
    await db.update(exportRequests).set({ requestedAt: sql`now() - interval '8 days'`, expiresAt: sql`now() - interval '1 day'` }).where(eq(exportRequests.id, stale.requestId));
    expect(await decideExportRequest(ownerA, stale.requestId, "approve")).toEqual({ ok: false, error: "not_pending" });
    expect((await requestRow(stale.requestId)).status).toBe("expired");
    expect(await downloadExportRequest(editor, stale.requestId)).toEqual({ ok: false, error: "expired" });

    const late = await requestExport(editor, demo.id, ALL);
    if (!late.ok) throw new Error(late.error);
    expect(await decideExportRequest(ownerB, late.requestId, "approve")).toEqual({ ok: true });
    await db.update(exportRequests).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(exportRequests.id, late.requestId));
    expect(await downloadExportRequest(editor, late.requestId)).toEqual({ ok: false, error: "expired" });
    expect((await requestRow(late.requestId)).status).toBe("expired");
    expect((await getExportPanel(editor, demo.id, "en"))?.requests.find((x) => x.id === late.requestId)).toMatchObject({ status: "expired", mayDownload: false });
  });

  it("never lets a viewer request, approve or download", async () => {
    const r = await requestExport(editor, demo.id, ALL);
    if (!r.ok) throw new Error(r.error);
    expect(await requestExport(viewer, demo.id, ALL)).toEqual({ ok: false, error: "forbidden" });
    expect(await decideExportRequest(viewer, r.requestId, "approve")).toEqual({ ok: false, error: "forbidden" });
    expect(await downloadExportRequest(viewer, r.requestId)).toEqual({ ok: false, error: "forbidden" });
    expect((await requestRow(r.requestId)).status).toBe("requested");
  });
});

describe("another organization's owner", () => {
  it("cannot see, approve, refuse or download this organization's requests, nor request its campaign's export", async () => {
    const r = await requestExport(editor, demo.id, ALL);
    if (!r.ok) throw new Error(r.error);
    const before = await snapshot();
    expect(await decideExportRequest(otherOwner, r.requestId, "approve")).toEqual({ ok: false, error: "not_found" });
    expect(await decideExportRequest(otherOwner, r.requestId, "refuse")).toEqual({ ok: false, error: "not_found" });
    expect(await downloadExportRequest(otherOwner, r.requestId)).toEqual({ ok: false, error: "not_found" });
    expect(await getExportPanel(otherOwner, demo.id, "en")).toBeNull();
    expect(await requestExport(otherOwner, demo.id, ALL)).toEqual({ ok: false, error: "not_found" });
    expect(await streamSignaturesCsv(otherOwner, demo.id, ALL)).toEqual({ ok: false, error: "not_found" });
    expect(await snapshot()).toEqual(before);

    // Even approved, the request stays out of reach of the other organization.
    expect(await decideExportRequest(ownerB, r.requestId, "approve")).toEqual({ ok: true });
    expect(await downloadExportRequest(otherOwner, r.requestId)).toEqual({ ok: false, error: "not_found" });
    expect((await requestRow(r.requestId)).status).toBe("approved");
  });

  it("is not reached the other way either: this organization's owners get nothing of theirs", async () => {
    // The other organization does not require approval: its owner downloads directly.
    const theirs = await streamSignaturesCsv(otherOwner, otherCampaignId, ALL);
    if (!theirs.ok) throw new Error(theirs.error);
    await csvOf(theirs.stream);
    for (const a of [ownerA, ownerB]) {
      expect(await downloadExportRequest(a, theirs.exportId)).toEqual({ ok: false, error: "not_found" });
      expect(await decideExportRequest(a, theirs.exportId, "approve")).toEqual({ ok: false, error: "not_found" });
      expect(await getExportPanel(a, otherCampaignId, "en")).toBeNull();
    }
    expect(await requestRow(theirs.exportId)).toMatchObject({ organizationId: otherOwner.organizationId, status: "downloaded" });
  });
});

describe("turning approval off", () => {
  it("takes effect at once, is audited, and emails every other owner", async () => {
    const mark = await markAfterPendingNotices();
    expect(await updateExportSettings(ownerB, { exportApprovalRequired: false, retentionMonths: 6 })).toEqual({ ok: true, changed: ["exportApprovalRequired"], approvalTurnedOff: true });
    const db = await getDb();
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, demo.organizationId), eq(auditLog.action, "organization.update")))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(audit).toMatchObject({ actorUserId: ownerB.userId, detail: { changed: ["exportApprovalRequired"], exportApprovalRequired: { from: true, to: false }, ownersEmailed: 1 } });
    const mails = await noticesSince(mark, [DEMO_ORGANIZER_EMAIL, "second-owner@exports.example", "editor@exports.example"]);
    expect(mails[DEMO_ORGANIZER_EMAIL]).toHaveLength(1);
    expect(mails[DEMO_ORGANIZER_EMAIL][0]).toMatch(/no longer need a second owner/);
    expect(mails["second-owner@exports.example"]).toEqual([]);
    expect(mails["editor@exports.example"]).toEqual([]);
    const [mail] = await listSinkMessages({ to: DEMO_ORGANIZER_EMAIL, limit: 1 });
    expect(mail.text).toContain("second-owner@exports.example");

    const r = await streamSignaturesCsv(editor, demo.id, ALL);
    expect(r.ok).toBe(true);
    if (r.ok) await csvOf(r.stream);
  });
});
