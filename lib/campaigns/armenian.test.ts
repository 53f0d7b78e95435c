import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaigns, letterTemplates, letters, representatives, signingFlows, users } from "@/db/schema";
import { buildLetterEmail, loadLetterEnvelope } from "@/lib/letters/deliver";
import { createSignature, signInputSchema } from "@/lib/signing/sign";
import { DEMO_CAMPAIGN_SLUG, DEMO_ORG_SLUG, DEMO_ORGANIZER_EMAIL } from "@/db/seed";
import { letterLocalePreference } from "@/lib/i18n/config";
import { getActorForUser, type Actor } from "@/lib/organizer/organizations";
import { getDb } from "@/lib/server/db";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { demoCampaign } from "@/test/journey";
import { formToInput, issuesToFieldErrors, type EditorValues } from "./editor/form";
import { transition } from "./editor/lifecycle";
import { getEditorCampaign } from "./editor/read";
import { createCampaign, updateCampaign, type EditorResult } from "./editor/save";
import { getLetterTemplate, getPublicCampaign, listPublishedCampaigns } from "./public";

/* Campaigns written in Armenian, with letters to MPs kept to English and French (issue #14, decision 0022). */

let owner: Actor;

let n = 0;
/** A campaign in Armenian and English, the English version carrying the letter, as an organizer would type it. */
function form(overrides: EditorValues = {}): EditorValues {
  n++;
  return {
    slug: `sensors-hy-${n}`,
    goal: "1000",
    endsAt: "",
    locale_en: "on",
    locale_hy: "on",
    title_en: "Stop the sensors",
    summary_en: "Canadian sensors keep turning up in drones.",
    body_en: "## Evidence\n\nSee the **reports**.",
    demand_en: "Suspend the permits.",
    title_hy: "Կանգնեցրե՛ք սենսորների արտահանումը",
    summary_hy: "Կանադական սենսորները շարունակում են հայտնվել անօդաչու սարքերում։",
    body_hy: "## Ապացույցներ\n\nՏե՛ս **զեկույցները**։",
    demand_hy: "Կասեցնել թույլտվությունները։",
    subjects_en: "Stop the sensors",
    tbody_en: "Dear {{mp_title}},\n\n{{personal_paragraph}}\n\nSincerely,\n{{supporter_name}}",
    prompt_en: "Why does this matter to you?",
    target_own_mp: "on",
    target_reps: "",
    src_0_date: "2021-04-12",
    src_0_title: "Կանադան չեղարկեց 29 թույլտվություն",
    src_0_publisher: "Global Affairs Canada",
    src_0_url: "https://www.international.gc.ca/",
    src_0_locale: "hy",
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
  const db = await getDb();
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_ORGANIZER_EMAIL));
  const a = await getActorForUser(u.id, DEMO_ORG_SLUG);
  if (!a) throw new Error("no membership");
  owner = a;
});
afterAll(resetRuntime);

describe("the letter a reader writes is in English or French, whatever her language", () => {
  it("offers her own language when letters are written in it, then the campaign's default letter language", () => {
    expect(letterLocalePreference(["en", "fr", "hy"], "fr")).toEqual(["fr", "en"]);
    expect(letterLocalePreference(["en", "fr", "hy"], "hy")).toEqual(["en", "fr"]);
    expect(letterLocalePreference(["fr", "hy"], "hy")).toEqual(["fr", "en"]);
    expect(letterLocalePreference(["hy", "fr"], "en")).toEqual(["en", "fr"]);
    expect(letterLocalePreference([], "hy")).toEqual(["en", "fr"]);
  });
});

describe("an organizer writes a campaign in Armenian with an English letter", () => {
  it("saves and publishes it; an Armenian reader reads it in Armenian and writes from the English template", async () => {
    const values = form();
    const id = expectOk(await createCampaign(owner, formToInput(values).input));
    const db = await getDb();
    const [c] = await db.select({ locales: campaigns.locales }).from(campaigns).where(eq(campaigns.id, id));
    expect(c.locales).toEqual(["en", "hy"]);
    // Only the English template exists: letters are not written in Armenian.
    expect((await db.select({ locale: letterTemplates.locale }).from(letterTemplates).where(eq(letterTemplates.campaignId, id))).map((t) => t.locale)).toEqual(["en"]);
    // The editor shows what was saved, Armenian included.
    expect((await getEditorCampaign(owner, id))?.values).toMatchObject({ locale_hy: "on", title_hy: values.title_hy, body_hy: values.body_hy, src_0_locale: "hy" });

    expect(await transition(owner, id, "published")).toEqual({ ok: true, status: "published" });
    const hy = await getPublicCampaign(values.slug, "hy");
    expect(hy).toMatchObject({ locale: "hy", locales: ["en", "hy"], title: values.title_hy, demand: values.demand_hy });
    expect(hy?.bodyHtml).toContain("<strong>զեկույցները</strong>");
    expect(hy?.sources.map((s) => ({ title: s.title, locale: s.locale }))).toEqual([{ title: values.src_0_title, locale: "hy" }]);
    // The English reader reads English (and not the Armenian-only source); a French reader too, the campaign having no French.
    const en = await getPublicCampaign(values.slug, "en");
    expect(en).toMatchObject({ locale: "en", title: "Stop the sensors", sources: [] });
    expect(await getPublicCampaign(values.slug, "fr")).toMatchObject({ locale: "en", title: "Stop the sensors" });
    // The home page lists it in each reader's language, saying which language that is.
    expect((await listPublishedCampaigns("hy")).find((x) => x.slug === values.slug)).toMatchObject({ locale: "hy", title: values.title_hy });
    expect((await listPublishedCampaigns("fr")).find((x) => x.slug === values.slug)).toMatchObject({ locale: "en", title: "Stop the sensors" });

    // On the write-a-letter step the Armenian reader gets the English template.
    expect(await getLetterTemplate(id, "hy", hy!.locales)).toMatchObject({ locale: "en", subjects: ["Stop the sensors"] });
    expect(await getLetterTemplate(id, "fr", hy!.locales)).toMatchObject({ locale: "en" });
  });

  it("prefers the campaign's default letter language: a French and Armenian campaign gives its French letter", async () => {
    const values = form({
      locale_en: "",
      locale_fr: "on",
      title_fr: "Arrêtez les capteurs",
      summary_fr: "Des capteurs canadiens se retrouvent dans des drones.",
      body_fr: "Voir les rapports.",
      demand_fr: "Suspendez les licences.",
      subjects_fr: "Arrêtez les capteurs",
      tbody_fr: "{{salutation}}\n\n{{personal_paragraph}}\n\n{{supporter_name}}",
      prompt_fr: "Pourquoi ?",
    });
    const id = expectOk(await createCampaign(owner, formToInput(values).input));
    expect(await transition(owner, id, "published")).toEqual({ ok: true, status: "published" });
    const hy = await getPublicCampaign(values.slug, "hy");
    expect(hy).toMatchObject({ locale: "hy", locales: ["fr", "hy"] });
    expect(await getLetterTemplate(id, "hy", hy!.locales)).toMatchObject({ locale: "fr" });
    expect(await getLetterTemplate(id, "en", hy!.locales)).toMatchObject({ locale: "fr" });
    // An English reader of a campaign without English reads its default language, French.
    expect(await getPublicCampaign(values.slug, "en")).toMatchObject({ locale: "fr", title: "Arrêtez les capteurs" });
  });

  it("never stores an Armenian letter template: the form has no such fields, and one sent anyway is refused", async () => {
    // Template fields typed for Armenian (a tampered form) are not read.
    const typed = form({ subjects_hy: "Թեմա", tbody_hy: "Հարգելի՛ {{mp_name}}", prompt_hy: "Ինչու՞" });
    const id = expectOk(await createCampaign(owner, formToInput(typed).input));
    const db = await getDb();
    expect((await db.select({ locale: letterTemplates.locale }).from(letterTemplates).where(eq(letterTemplates.campaignId, id))).map((t) => t.locale)).toEqual(["en"]);

    // The same through lib/ directly: refused with a reason, and nothing is created.
    const values = form();
    const input = formToInput(values).input as { templates: Record<string, unknown> };
    input.templates.hy = { subjects: ["Թեմա"], body: "Հարգելի՛ {{mp_name}},\n\n{{personal_paragraph}}", personalPrompt: "" };
    const r = await createCampaign(owner, input);
    expect(r).toMatchObject({ ok: false, error: "invalid", issues: [{ path: ["templates", "hy"], message: "template.locale" }] });
    expect(await db.select().from(campaigns).where(eq(campaigns.slug, values.slug))).toEqual([]);
    expect(await updateCampaign(owner, id, input)).toMatchObject({ ok: false, error: "invalid", issues: [{ path: ["templates", "hy"], message: "template.locale" }] });
  });

  it("refuses to publish a campaign in Armenian only (letters need English or French), and to empty a published one of them", async () => {
    const values = form({ locale_en: "" });
    const id = expectOk(await createCampaign(owner, formToInput(values).input));
    const refused = await transition(owner, id, "published");
    expect(refused).toMatchObject({ ok: false, error: "publish.incomplete" });
    if (!refused.ok && refused.error === "publish.incomplete") expect(issuesToFieldErrors(refused.issues, [])).toEqual({ locales: "publish.letterLanguage" });

    // With its English version it publishes; once public it cannot drop it, nor lose the English template.
    const complete = { ...values, locale_en: "on" };
    expectOk(await updateCampaign(owner, id, formToInput(complete).input));
    expect(await transition(owner, id, "published")).toEqual({ ok: true, status: "published" });
    expect(fieldErrorsOf(await updateCampaign(owner, id, formToInput(values).input), values)).toEqual({ locales: "publish.letterLanguage" });
    expect(fieldErrorsOf(await updateCampaign(owner, id, formToInput({ ...complete, tbody_en: "" }).input), complete)).toEqual({ tbody_en: "publish.required" });
    // Every content language keeps its own rule: the Armenian text cannot be emptied either.
    expect(fieldErrorsOf(await updateCampaign(owner, id, formToInput({ ...complete, demand_hy: "" }).input), complete)).toEqual({ demand_hy: "publish.required" });
  });
});

describe("the demo campaign has an Armenian version", () => {
  it("is read in Armenian on /hy, in English and French elsewhere, and its Armenian readers write from the English letter", async () => {
    const demo = await demoCampaign();
    expect(demo.locales).toEqual(["en", "fr", "hy"]);
    const hy = await getPublicCampaign(DEMO_CAMPAIGN_SLUG, "hy");
    expect(hy?.locale).toBe("hy");
    expect(hy?.title).toMatch(/^Կանադական սենսորներ/);
    // Eastern Armenian in the reformed orthography: «ություն», never «ութիւն»; Armenian full stops, no Latin ones.
    const text = [hy!.title, hy!.summary, hy!.demand, hy!.bodyHtml].join("\n");
    expect(text).toContain("ություն");
    expect(text).not.toMatch(/ութիւն|եւ/);
    expect(hy!.summary.trim().endsWith("։")).toBe(true);
    expect(hy!.bodyHtml).toContain("<h2>Ինչ ենք պահանջում</h2>");
    expect((await getPublicCampaign(DEMO_CAMPAIGN_SLUG, "en"))?.title).toMatch(/^Canadian sensors/);
    expect((await getPublicCampaign(DEMO_CAMPAIGN_SLUG, "fr"))?.title).toMatch(/^Capteurs canadiens/);
    expect(await getLetterTemplate(demo.id, "hy", demo.locales)).toMatchObject({ locale: "en" });
    expect(await getLetterTemplate(demo.id, "fr", demo.locales)).toMatchObject({ locale: "fr" });
  });
});

describe("a supporter who reads Armenian writes to an office that reads English or French", () => {
  it("sends the letter with the campaign's English footer, title and riding, not the Armenian interface's", async () => {
    const db = await getDb();
    const [demo] = await db.select().from(campaigns).where(eq(campaigns.slug, DEMO_CAMPAIGN_SLUG));
    expect(demo.locales).toContain("hy");
    const parsed = signInputSchema.parse({ name: "Anahit Sargsyan", email: `hy-footer-${Date.now()}@example.org`, residency: "resident", postalCode: "K1A 0A6", consent: false });
    const signed = await createSignature(parsed, { campaignSlug: DEMO_CAMPAIGN_SLUG, locale: "hy", ip: "198.51.200.7" });
    if (!signed.ok) throw new Error(signed.error);
    const [flow] = await db.select({ signatureId: signingFlows.signatureId }).from(signingFlows).where(eq(signingFlows.id, signed.flowId));
    const [mp] = await db.select({ id: representatives.id }).from(representatives).where(eq(representatives.current, true)).limit(1);
    const [letter] = await db
      .insert(letters)
      .values({ campaignId: demo.id, signatureId: flow.signatureId, representativeId: mp.id, status: "queued", subject: "Export permits", body: "Dear MP, please act.", senderName: "Anahit Sargsyan", senderEmail: parsed.email, senderPostalCode: "K1A 0A6", messageId: `<hy-footer-${flow.signatureId}@constituent.test>` })
      .returning({ id: letters.id });
    const envelope = await loadLetterEnvelope(letter.id);
    expect(envelope?.locale).toBe("en");
    const mail = buildLetterEmail(envelope!);
    // No Armenian letter in what the office receives: the footer is the English one.
    expect(mail.text).not.toMatch(/[\u0531-\u058f]/);
    expect(mail.text).toContain("Dear MP, please act.");
  });
});
