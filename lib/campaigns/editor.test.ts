import { and, asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  campaignContent,
  campaignSources,
  campaignTargets,
  campaigns,
  letterTemplates,
  representatives,
  ridings,
} from "@/db/schema";
import { DEMO_EDITOR_EMAIL, DEMO_ORG_SLUG, DEMO_ORGANIZER_EMAIL, DEMO_OTHER_CAMPAIGN_SLUG, DEMO_OTHER_ORG_SLUG, DEMO_VIEWER_EMAIL } from "@/db/seed";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { demoCampaign, actorByEmail } from "@/test/journey";
import { formToInput, issuesToFieldErrors, type EditorValues } from "./editor/form";
import { transition } from "./editor/lifecycle";
import { findPreviewRepresentative, previewCampaignBody, previewLetter } from "./editor/preview";
import { getEditorCampaign } from "./editor/read";
import { createCampaign, updateCampaign, type EditorResult } from "./editor/save";
import { parseTemplate } from "./editor/schema";
import { getPublicCampaign } from "./public";
import { getDb } from "@/lib/server/db";
import { type Actor } from "@/lib/organizer/organizations";

let owner: Actor;
let editor: Actor;
let viewer: Actor;
let otherOwner: Actor;
let otherCampaignId: string;
let yukonMpId: string;


let n = 0;
/** A complete bilingual form, as an organizer would fill it. */
function form(overrides: EditorValues = {}): EditorValues {
  n++;
  return {
    slug: `stop-the-sensors-${n}`,
    goal: "2500",
    endsAt: "",
    locale_en: "on",
    locale_fr: "on",
    title_en: "Stop the sensors",
    summary_en: "Canadian sensors keep turning up in drones.",
    body_en: "## Evidence\n\nSee the **reports**.",
    demand_en: "Suspend the permits.",
    title_fr: "Arrêtez les capteurs",
    summary_fr: "Des capteurs canadiens se retrouvent dans des drones.",
    body_fr: "## Preuves\n\nVoir les **rapports**.",
    demand_fr: "Suspendez les licences.",
    subjects_en: "Stop the sensors\nA question from {{riding}}",
    tbody_en: "Dear {{mp_title}},\n\n{{personal_paragraph}}\n\nSincerely,\n{{supporter_name}}\n{{postal_code}}",
    prompt_en: "Why does this matter to you?",
    subjects_fr: "Arrêtez les capteurs",
    tbody_fr: "Madame, Monsieur {{mp_name}},\n\n{{personal_paragraph}}\n\n{{supporter_name}}",
    prompt_fr: "Pourquoi est-ce important pour vous ?",
    target_own_mp: "on",
    target_reps: "",
    src_0_date: "2020-10-05",
    src_0_title: "Permits suspended",
    src_0_publisher: "Global Affairs Canada",
    src_0_url: "https://www.canada.ca/en/global-affairs/news/2020/10/statement.html",
    src_0_locale: "",
    src_1_date: "",
    src_1_title: "",
    src_1_publisher: "",
    src_1_url: "",
    src_1_locale: "",
    ...overrides,
  };
}

function expectOk(r: EditorResult): string {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.campaignId;
}

function fieldErrorsOf(r: EditorResult, values: EditorValues): Record<string, string> {
  if (r.ok || r.error !== "invalid") throw new Error(`expected invalid, got ${JSON.stringify(r)}`);
  return issuesToFieldErrors(r.issues, formToInput(values).sourceRows);
}

beforeAll(async () => {
  await useFreshDatabase();
  await demoCampaign();
  owner = await actorByEmail(DEMO_ORGANIZER_EMAIL, DEMO_ORG_SLUG);
  editor = await actorByEmail(DEMO_EDITOR_EMAIL, DEMO_ORG_SLUG);
  viewer = await actorByEmail(DEMO_VIEWER_EMAIL, DEMO_ORG_SLUG);
  otherOwner = await actorByEmail("owner@open-skies.demo.constituent.localhost", DEMO_OTHER_ORG_SLUG);
  const db = await getDb();
  otherCampaignId = (await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.slug, DEMO_OTHER_CAMPAIGN_SLUG)))[0].id;
  yukonMpId = (
    await db
      .select({ id: representatives.id })
      .from(representatives)
      .innerJoin(ridings, eq(ridings.fedNum, representatives.ridingFedNum))
      .where(and(eq(ridings.nameEn, "Yukon"), eq(representatives.current, true)))
  )[0].id;
});
afterAll(resetRuntime);

describe("an organizer creates a campaign in English and French", () => {
  it("saves a draft with its content, sources, targets and templates, and an audit row", async () => {
    const values = form({ target_reps: yukonMpId });
    const id = expectOk(await createCampaign(editor, formToInput(values).input));
    const db = await getDb();
    const [c] = await db.select().from(campaigns).where(eq(campaigns.id, id));
    expect(c).toMatchObject({ organizationId: owner.organizationId, status: "draft", locales: ["en", "fr"], signatureGoal: 2500, createdBy: editor.userId });
    expect((await db.select().from(campaignContent).where(eq(campaignContent.campaignId, id))).map((x) => x.title).sort()).toEqual(["Arrêtez les capteurs", "Stop the sensors"]);
    expect(await db.select({ title: campaignSources.title, locale: campaignSources.locale }).from(campaignSources).where(eq(campaignSources.campaignId, id))).toEqual([
      { title: "Permits suspended", locale: null },
    ]);
    const targets = await db.select({ kind: campaignTargets.kind, rep: campaignTargets.representativeId }).from(campaignTargets).where(eq(campaignTargets.campaignId, id));
    expect(targets).toEqual(expect.arrayContaining([{ kind: "own_mp", rep: null }, { kind: "representative", rep: yukonMpId }]));
    const [tpl] = await db.select().from(letterTemplates).where(and(eq(letterTemplates.campaignId, id), eq(letterTemplates.locale, "en")));
    expect(tpl.subjects).toEqual(["Stop the sensors", "A question from {{riding}}"]);
    const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.targetId, id), eq(auditLog.action, "campaign.create")));
    expect(audit).toMatchObject({ organizationId: owner.organizationId, actorUserId: editor.userId });
    // The form comes back as it was typed (blank source rows dropped).
    const back = await getEditorCampaign(owner, id);
    expect(back?.values).toMatchObject({ title_fr: "Arrêtez les capteurs", subjects_en: "Stop the sensors\nA question from {{riding}}", src_0_url: values.src_0_url, target_reps: yukonMpId });
  });

  it("is told which template field names an unknown merge field, and nothing is saved", async () => {
    const values = form({ tbody_fr: "Bonjour {{nope}},\n\n{{personal_paragraph}}" });
    const errors = fieldErrorsOf(await createCampaign(owner, formToInput(values).input), values);
    expect(errors).toEqual({ tbody_fr: "template.unknownField:nope" });
    const db = await getDb();
    expect(await db.select().from(campaigns).where(eq(campaigns.slug, values.slug))).toEqual([]);
  });

  it("gets clear errors for a bad slug, a taken slug, a bad source URL and a missing language", async () => {
    const bad = form({ slug: "Not a slug!", src_1_date: "2021-04-12", src_1_title: "x", src_1_publisher: "y", src_1_url: "javascript:alert(1)" });
    expect(fieldErrorsOf(await createCampaign(owner, formToInput(bad).input), bad)).toEqual({ slug: "slug.invalid", src_1_url: "source.url" });
    const taken = form({ slug: DEMO_OTHER_CAMPAIGN_SLUG });
    expect(fieldErrorsOf(await createCampaign(owner, formToInput(taken).input), taken)).toEqual({ slug: "slug.taken" });
    for (const goal of ["", "abc", "0", "2.5"]) {
      const badGoal = form({ goal });
      expect(fieldErrorsOf(await createCampaign(owner, formToInput(badGoal).input), badGoal)).toEqual({ goal: "goal.invalid" });
    }
    const none = form({ locale_en: "", locale_fr: "" });
    expect(fieldErrorsOf(await createCampaign(owner, formToInput(none).input), none)).toEqual({ locales: "locales.required" });
    const notAnMp = form({ target_reps: crypto.randomUUID() });
    expect(fieldErrorsOf(await createCampaign(owner, formToInput(notAnMp).input), notAnMp)).toEqual({ targets: "targets.notCurrent" });
  });

  it("keeps the end date as the day typed (signing stops at the end of it, Ottawa time) and refuses a past one", async () => {
    const values = form({ endsAt: "2099-12-31" });
    const id = expectOk(await createCampaign(owner, formToInput(values).input));
    expect((await getEditorCampaign(owner, id))?.values.endsAt).toBe("2099-12-31");
    const db = await getDb();
    const [c] = await db.select({ endsAt: campaigns.endsAt }).from(campaigns).where(eq(campaigns.id, id));
    expect(c.endsAt?.toISOString()).toBe("2100-01-01T05:00:00.000Z");
    const past = form({ endsAt: "2020-01-01" });
    expect(fieldErrorsOf(await createCampaign(owner, formToInput(past).input), past)).toEqual({ endsAt: "endsAt.past" });
  });

  it("ignores posted fields that are not the editor's: the organization, status and counts", async () => {
    const values = form();
    const input = { ...(formToInput(values).input as object), organizationId: otherOwner.organizationId, status: "published", publishedAt: "2020-01-01", signatureCount: 99999 };
    const id = expectOk(await createCampaign(owner, input));
    const db = await getDb();
    const [c] = await db.select().from(campaigns).where(eq(campaigns.id, id));
    expect(c).toMatchObject({ organizationId: owner.organizationId, status: "draft", publishedAt: null });
  });

  it("a viewer cannot create or edit", async () => {
    expect(await createCampaign(viewer, formToInput(form()).input)).toEqual({ ok: false, error: "not_found" });
    const id = expectOk(await createCampaign(owner, formToInput(form()).input));
    expect(await updateCampaign(viewer, id, formToInput(form()).input)).toEqual({ ok: false, error: "not_found" });
    expect(await transition(viewer, id, "published")).toEqual({ ok: false, error: "not_found" });
  });
});

describe("a campaign goes draft → published → closed → archived", () => {
  it("refuses to publish while a language lacks its template, then publishes, closes, reopens and archives", async () => {
    const values = form({ subjects_fr: "", tbody_fr: "" });
    const id = expectOk(await createCampaign(owner, formToInput(values).input));
    const refused = await transition(owner, id, "published");
    expect(refused).toMatchObject({ ok: false, error: "publish.incomplete" });
    if (!refused.ok && refused.error === "publish.incomplete") {
      expect(issuesToFieldErrors(refused.issues, [])).toEqual({ subjects_fr: "publish.required", tbody_fr: "publish.required" });
    }
    expectOk(await updateCampaign(owner, id, formToInput({ ...values, subjects_fr: "Arrêtez", tbody_fr: "Bonjour {{mp_name}}" }).input));
    expect(await transition(owner, id, "published")).toEqual({ ok: true, status: "published" });

    const pub = await getPublicCampaign(values.slug, "fr");
    expect(pub).toMatchObject({ title: "Arrêtez les capteurs", signable: true });
    expect(pub?.bodyHtml).toContain("<strong>rapports</strong>");

    // Published: the body may change, the slug may not, and it cannot be emptied.
    const edited = { ...values, subjects_fr: "Arrêtez", tbody_fr: "Bonjour {{mp_name}}", title_en: "Stop the sensors now" };
    expectOk(await updateCampaign(editor, id, formToInput(edited).input));
    expect((await getPublicCampaign(values.slug, "en"))?.title).toBe("Stop the sensors now");
    expect(fieldErrorsOf(await updateCampaign(owner, id, formToInput({ ...edited, slug: "a-new-slug" }).input), edited)).toEqual({ slug: "slug.fixed" });
    expect(fieldErrorsOf(await updateCampaign(owner, id, formToInput({ ...edited, demand_en: "" }).input), edited)).toEqual({ demand_en: "publish.required" });

    expect(await transition(owner, id, "archived")).toEqual({ ok: false, error: "transition.notAllowed" });
    expect(await transition(owner, id, "closed")).toEqual({ ok: true, status: "closed" });
    expect(await getPublicCampaign(values.slug, "en")).toMatchObject({ status: "closed", signable: false });
    expect(await transition(owner, id, "published")).toEqual({ ok: true, status: "published" });
    expect(await transition(owner, id, "closed")).toEqual({ ok: true, status: "closed" });
    expect(await transition(owner, id, "archived")).toEqual({ ok: true, status: "archived" });
    expect(await getPublicCampaign(values.slug, "en")).toBeNull();
    expect(await updateCampaign(owner, id, formToInput(edited).input)).toEqual({ ok: false, error: "archived" });

    const db = await getDb();
    const [c] = await db.select().from(campaigns).where(eq(campaigns.id, id));
    expect(c.publishedAt).not.toBeNull();
    expect(c.closedAt).not.toBeNull();
    expect(c.archivedAt).not.toBeNull();
    const actions = await db.select({ action: auditLog.action, detail: auditLog.detail }).from(auditLog).where(eq(auditLog.targetId, id)).orderBy(asc(auditLog.id));
    expect(actions.map((a) => a.action)).toEqual([
      "campaign.create",
      "campaign.update",
      "campaign.publish",
      "campaign.update",
      "campaign.close",
      "campaign.reopen",
      "campaign.close",
      "campaign.archive",
    ]);
    expect(actions[2].detail).toEqual({ from: "draft", to: "published" });
  });
});

describe("another organization's campaign behaves like one that does not exist", () => {
  async function snapshot() {
    const db = await getDb();
    const [c] = await db.select().from(campaigns).where(eq(campaigns.id, otherCampaignId));
    const content = await db.select().from(campaignContent).where(eq(campaignContent.campaignId, otherCampaignId));
    const templates = await db.select().from(letterTemplates).where(eq(letterTemplates.campaignId, otherCampaignId));
    const targets = await db.select().from(campaignTargets).where(eq(campaignTargets.campaignId, otherCampaignId));
    const [audits] = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.targetId, otherCampaignId));
    return { c, content, templates, targets, audits: audits.n };
  }

  it("org A's owner and editor get not-found for org B's campaign and B's rows are unchanged", async () => {
    const before = await snapshot();
    const values = form({ slug: DEMO_OTHER_CAMPAIGN_SLUG });
    for (const actor of [owner, editor]) {
      expect(await updateCampaign(actor, otherCampaignId, formToInput(values).input)).toEqual({ ok: false, error: "not_found" });
      for (const to of ["closed", "archived", "published", "draft"]) expect(await transition(actor, otherCampaignId, to)).toEqual({ ok: false, error: "not_found" });
      expect(await getEditorCampaign(actor, otherCampaignId)).toBeNull();
    }
    // Exactly the answer for an id that does not exist, or is not an id at all.
    expect(await updateCampaign(owner, crypto.randomUUID(), formToInput(values).input)).toEqual({ ok: false, error: "not_found" });
    expect(await transition(owner, "not-a-uuid", "closed")).toEqual({ ok: false, error: "not_found" });
    expect(await snapshot()).toEqual(before);
    // B's own owner still can.
    expect(await getEditorCampaign(otherOwner, otherCampaignId)).toMatchObject({ slug: DEMO_OTHER_CAMPAIGN_SLUG, status: "published" });
  });
});

describe("the letter preview is the letter an MP's office would receive", () => {
  it("renders a template for the MP of Yukon with merge fields filled and the footer", async () => {
    const rep = await findPreviewRepresentative("Yukon");
    expect(rep?.ridingNameEn).toBe("Yukon");
    const parsed = parseTemplate({ subjects: ["A question from {{riding}}"], body: "Dear {{mp_title}},\n\n{{personal_paragraph}}\n\n{{supporter_name}}\n{{postal_code}}", personalPrompt: "" });
    if (!parsed.ok) throw new Error("template should parse");
    const p = await previewLetter(parsed.template, rep!, "en", {
      supporterName: "Alex Sample",
      personalParagraph: "My own words.",
      campaignTitle: "Stop the sensors",
      organizationName: "Northern Lights",
      campaignSlug: "stop",
    });
    expect(p.subjects).toEqual(["A question from Yukon"]);
    expect(p.text).toContain(`Dear ${rep!.honourable ? "The Hon. " : ""}${rep!.name}, MP`);
    expect(p.text).toContain("My own words.");
    expect(p.text).toMatch(/Constituent of Yukon \(postal code Y\d[A-Z] 1A1\)/);
    expect(p.text).not.toContain("{{");
    expect(parseTemplate({ subjects: ["{{nope}}"], body: "", personalPrompt: "" })).toMatchObject({ ok: false });
  });
});

describe("the body preview shows what saving would keep, and refuses what saving would refuse", () => {
  it("renders a body within the limit as the public page would, with the surrounding blank space trimmed", () => {
    expect(previewCampaignBody("\n\n## Evidence\n\nSee the **reports**.\n\n")).toEqual({ ok: true, html: "<h2>Evidence</h2>\n<p>See the <strong>reports</strong>.</p>\n" });
    expect(previewCampaignBody(`${"a".repeat(50_000)}\n\n\n`)).toMatchObject({ ok: true });
  });

  it("refuses a body over 50,000 characters with the error saving gives, without rendering it", async () => {
    const overLimit = "a\n=\n".repeat(12_501);
    expect(overLimit.length).toBeGreaterThan(50_000);
    const start = performance.now();
    const preview = previewCampaignBody(overLimit);
    expect(performance.now() - start).toBeLessThan(100);
    expect(preview).toEqual({ ok: false, error: "editor.tooLong" });
    // The same text in the form is refused on saving, with the same message code on the same field.
    const values = form({ body_en: overLimit });
    expect(fieldErrorsOf(await createCampaign(editor, formToInput(values).input), values)).toMatchObject({ body_en: "editor.tooLong" });
  });
});

describe("deliver then delete: an organizer chooses to keep no letter once delivered", () => {
  it("is saved from the editor's checkbox, shown back, audited and told to the public; once published it cannot be turned off", async () => {
    const values = form({ deliver_then_delete: "on" });
    const id = expectOk(await createCampaign(owner, formToInput(values).input));
    const db = await getDb();
    const stored = async () => (await db.select({ on: campaigns.deliverThenDelete }).from(campaigns).where(eq(campaigns.id, id)))[0].on;
    expect(await stored()).toBe(true);
    expect((await getEditorCampaign(owner, id))?.values.deliver_then_delete).toBe("on");
    const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.targetId, id), eq(auditLog.action, "campaign.create")));
    expect(audit.detail).toMatchObject({ deliverThenDelete: true });

    // A draft may change its mind, either way.
    expectOk(await updateCampaign(owner, id, formToInput({ ...values, deliver_then_delete: "" }).input));
    expect(await stored()).toBe(false);
    expect((await getEditorCampaign(owner, id))?.values.deliver_then_delete).toBe("");
    expectOk(await updateCampaign(owner, id, formToInput(values).input));
    expect(await stored()).toBe(true);

    expect(await transition(owner, id, "published")).toEqual({ ok: true, status: "published" });
    expect(await getPublicCampaign(values.slug, "en")).toMatchObject({ deliverThenDelete: true });
    // Supporters signed on that promise: a published campaign keeps it.
    const off = { ...values, deliver_then_delete: "" };
    expect(fieldErrorsOf(await updateCampaign(owner, id, formToInput(off).input), off)).toEqual({ deliver_then_delete: "deliverThenDelete.fixed" });
    expect(await stored()).toBe(true);
  });

  it("is off unless ticked, and a published campaign may still turn it on", async () => {
    const values = form();
    const id = expectOk(await createCampaign(owner, formToInput(values).input));
    expect(await transition(owner, id, "published")).toEqual({ ok: true, status: "published" });
    expect(await getPublicCampaign(values.slug, "en")).toMatchObject({ deliverThenDelete: false });
    expectOk(await updateCampaign(owner, id, formToInput({ ...values, deliver_then_delete: "on" }).input));
    expect(await getPublicCampaign(values.slug, "en")).toMatchObject({ deliverThenDelete: true });
  });
});
