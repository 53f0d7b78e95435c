import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaigns, letters, representatives, signatures, signingFlows, supporterAccessTokens, supporters, supporterUpdateContent, supporterUpdateDeliveries, supporterUpdates, suppressedEmails } from "@/db/schema";
import { DEMO_CAMPAIGN_SLUG, DEMO_OTHER_CAMPAIGN_SLUG } from "@/db/seed";
import { POST as downloadRoute } from "@/app/api/my-data/route";
import { getConfirmedCount, invalidateCount } from "@/lib/campaigns/count";
import { enqueueInTx, jobTransaction, QUEUES } from "@/lib/jobs/queue";
import { processAvailableJobs } from "@/lib/jobs/worker";
import { getDb } from "@/lib/server/db";
import { listSinkMessages } from "@/lib/server/mail-sink";
import { createSignature, canonicalEmail, signInputSchema, type SignInput } from "@/lib/signing/sign";
import { everyRowAsText, resetRuntime, useFreshDatabase } from "@/test/db";
import { confirmFromMailbox, demoCampaign, manageTokenFor, sinkHighWater, uniqueEmail, uniqueIp } from "@/test/journey";
import { requestSupporterData, sendSupporterDataMail } from "./data-request";
import { accessFromManageToken, eraseSupporterData, getSupporterData } from "./supporter-data";
import { addressHasher } from "./suppression";
import { openValue } from "./encryption";
import { keyedHash } from "@/lib/server/seal";

beforeAll(async () => {
  await useFreshDatabase();
  await demoCampaign();
});
afterAll(resetRuntime);

/** Signs from a fresh network address, in a given language, as the sign form does. */
async function signIn(input: Partial<SignInput> & { email: string }, slug: string, locale = "en") {
  const parsed = signInputSchema.parse({ name: "Ani Petrosyan", residency: "resident", postalCode: "K1A 0A6", consent: false, ...input });
  const r = await createSignature(parsed, { campaignSlug: slug, locale, ip: uniqueIp() });
  if (!r.ok) throw new Error(r.error);
  const db = await getDb();
  const [f] = await db.select({ signatureId: signingFlows.signatureId }).from(signingFlows).where(eq(signingFlows.id, r.flowId));
  return { ...r, signatureId: f.signatureId };
}

async function processMail() {
  await processAvailableJobs({ queues: [QUEUES.confirmationMail, QUEUES.approvalMail, QUEUES.dataAccessMail] });
}

async function campaignId(slug: string) {
  const db = await getDb();
  const [c] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.slug, slug));
  return c.id;
}

/** A letter as the signature's (delivered, or waiting) letter to an office, with its text and sender. */
async function letterFor(signatureId: string, slug: string, text: { subject: string; body: string; name: string; email: string; postal: string }, status: "sent" | "held" = "sent") {
  const db = await getDb();
  const [mp] = await db.select({ id: representatives.id }).from(representatives).where(eq(representatives.current, true)).limit(1);
  await db.insert(letters).values({
    campaignId: await campaignId(slug),
    signatureId,
    representativeId: mp.id,
    status,
    subject: text.subject,
    body: text.body,
    senderName: text.name,
    senderEmail: text.email,
    senderPostalCode: text.postal,
    messageId: `<my-data-${crypto.randomUUID()}@constituent.test>`,
    ...(status === "sent" ? { queuedAt: new Date(), sentAt: new Date() } : { heldAt: new Date() }),
  });
}

/** The access link's token in the newest data email to an address. */
async function accessTokenMailedTo(email: string, afterId: number): Promise<string> {
  const [mail] = await listSinkMessages({ to: email, afterId, limit: 1 });
  const m = /\/my-data\/([A-Za-z0-9_-]{20,})/.exec(mail?.text ?? "");
  if (!m) throw new Error(`no access link mailed to ${email}`);
  return m[1];
}

/** Asks for the data as the form does, runs the worker, and returns the token mailed. */
async function openAccessLink(email: string): Promise<string> {
  const high = await sinkHighWater();
  await requestSupporterData(email, { locale: "en", ip: uniqueIp() });
  await processMail();
  return accessTokenMailedTo(email, high);
}

describe("someone who types an activist's address into the data request form learns nothing", () => {
  it("gets the same answer and leaves the same work for a supporter's address as for a stranger's: one sealed job each, counters that name nobody", async () => {
    const known = uniqueEmail("known");
    await signIn({ email: known }, DEMO_CAMPAIGN_SLUG);
    await processMail();
    const stranger = uniqueEmail("stranger");
    const db = await getDb();
    await db.execute(sql`delete from pgboss.job where name = ${QUEUES.dataAccessMail}`);

    const answers = [await requestSupporterData(known, { locale: "en", ip: uniqueIp() }), await requestSupporterData(stranger, { locale: "en", ip: uniqueIp() })];
    expect(answers).toEqual([undefined, undefined]);

    const jobs = (await db.execute(sql`select data::text as data from pgboss.job where name = ${QUEUES.dataAccessMail} and state = 'created' order by created_on`)) as unknown as { rows: { data: string }[] };
    expect(jobs.rows).toHaveLength(2);
    const shapes = jobs.rows.map((r) => JSON.parse(r.data) as Record<string, string>);
    expect(shapes.map((d) => Object.keys(d))).toEqual([["request"], ["request"]]);
    // Not even the address's length shows.
    expect(shapes[0].request.length).toBe(shapes[1].request.length);
    for (const r of jobs.rows) {
      expect(r.data).not.toContain(known);
      expect(r.data).not.toContain(stranger);
    }
    const hits = (await db.execute(sql`select key from rate_limit_hits where key like 'data:%'`)) as unknown as { rows: { key: string }[] };
    expect(hits.rows.map((h) => h.key)).toEqual(expect.arrayContaining([`data:email:${keyedHash("rate-limit", canonicalEmail(known))}`, `data:email:${keyedHash("rate-limit", canonicalEmail(stranger))}`]));
    expect(hits.rows.every((h) => !h.key.includes("@"))).toBe(true);
    // Nothing about either address was read or written before the worker runs.
    expect(await db.select().from(supporterAccessTokens)).toHaveLength(0);

    // Only the worker decides: the supporter gets a link, the stranger a short note.
    const high = await sinkHighWater();
    await processMail();
    const [toKnown] = await listSinkMessages({ to: known, afterId: high });
    const [toStranger] = await listSinkMessages({ to: stranger, afterId: high });
    expect(toKnown.subject).toBe("What Constituent holds about you");
    expect(toKnown.text).toMatch(/http:\/\/localhost:3999\/en\/my-data\/[A-Za-z0-9_-]{40,}/);
    expect(toStranger.subject).toBe("Constituent holds nothing about this address");
    expect(toStranger.text).not.toMatch(/\/my-data\/[A-Za-z0-9_-]{20,}/);
    // Asked again the same day, the stranger's address is not mailed again.
    await requestSupporterData(stranger, { locale: "en", ip: uniqueIp() });
    await processMail();
    expect(await listSinkMessages({ to: stranger, afterId: high })).toHaveLength(1);
  });

  it("takes as long for a supporter's address as for a stranger's (medians of alternating requests)", async () => {
    const knowns: string[] = [];
    for (let i = 0; i < 12; i++) {
      knowns.push(uniqueEmail("timed"));
      await signIn({ email: knowns[i] }, DEMO_CAMPAIGN_SLUG);
    }
    const timings: Record<"known" | "stranger", number[]> = { known: [], stranger: [] };
    for (let i = 0; i < 12; i++) {
      for (const who of i % 2 ? (["known", "stranger"] as const) : (["stranger", "known"] as const)) {
        const email = who === "known" ? knowns[i] : uniqueEmail("watched");
        const started = performance.now();
        await requestSupporterData(email, { locale: "en", ip: uniqueIp() });
        timings[who].push(performance.now() - started);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    expect(Math.abs(median(timings.known) - median(timings.stranger))).toBeLessThan(Math.max(10, 0.35 * median(timings.stranger)));
  });

  it("stops mailing an address past its limit, whatever the address", async () => {
    const supporter = uniqueEmail("flooded");
    await signIn({ email: supporter }, DEMO_CAMPAIGN_SLUG);
    await processMail();
    const stranger = uniqueEmail("flooded.stranger");
    const high = await sinkHighWater();
    for (let i = 0; i < 5; i++) {
      await requestSupporterData(supporter, { locale: "en", ip: uniqueIp() });
      await requestSupporterData(stranger, { locale: "en", ip: uniqueIp() });
    }
    await processMail();
    // Three requests an hour per address are queued; a stranger's note goes once a day.
    expect(await listSinkMessages({ to: supporter, afterId: high })).toHaveLength(3);
    expect(await listSinkMessages({ to: stranger, afterId: high })).toHaveLength(1);
  });

  it("ignores a job that was not sealed by us", async () => {
    expect(await sendSupporterDataMail("not-a-sealed-request")).toBe("unreadable");
  });
});

describe("a supporter who opens the emailed link sees everything held about her address", () => {
  it("across two campaigns and organizations, letters included, in her language, and nothing of anyone else", async () => {
    const email = uniqueEmail("hasmik");
    const variant = email.toUpperCase();
    const first = await signIn({ email, name: "Hasmik Grigoryan", postalCode: "M1G 3T8", comment: "For my grandparents in Shushi.", consent: true }, DEMO_CAMPAIGN_SLUG);
    await processMail();
    await confirmFromMailbox(email);
    const second = await signIn({ email: variant, name: "Hasmik G.", residency: "citizen_abroad" }, DEMO_OTHER_CAMPAIGN_SLUG, "fr");
    await letterFor(first.signatureId, DEMO_CAMPAIGN_SLUG, { subject: "Sensors and drones", body: "Dear MP, Hasmik's own paragraph.", name: "Hasmik Grigoryan", email, postal: "M1G 3T8" });
    const other = uniqueEmail("someone-else");
    await signIn({ email: other, name: "Nobody Relevant", comment: "Another supporter's comment." }, DEMO_CAMPAIGN_SLUG);
    await processMail();

    const high = await sinkHighWater();
    await requestSupporterData(variant.toLowerCase(), { locale: "en", ip: uniqueIp() });
    await processMail();
    const [mail] = await listSinkMessages({ to: email, afterId: high });
    // Her latest signature was in French: so is the email, and its link.
    expect(mail.subject).toBe("Ce que Constituent détient à votre sujet");
    const token = await accessTokenMailedTo(email, high);
    expect(mail.text).toContain(`/fr/my-data/${token}`);

    const data = await getSupporterData(token, "en");
    expect(data).not.toBeNull();
    expect(data!.email).toBe(email);
    expect(data!.signatures).toHaveLength(2);
    const [a, b] = data!.signatures;
    expect(a).toMatchObject({
      campaignSlug: DEMO_CAMPAIGN_SLUG,
      campaignTitle: "Canadian sensors, foreign wars: make arms-export permits answerable",
      status: "confirmed",
      name: "Hasmik Grigoryan",
      email,
      postalCode: "M1G 3T8",
      province: "ON",
      residency: "resident",
      comment: "For my grandparents in Shushi.",
      language: "en",
      consentToContact: true,
      unsubscribedAt: null,
    });
    expect(a.organization).toBeTruthy();
    expect(a.confirmedAt).not.toBeNull();
    expect(a.consentAt).not.toBeNull();
    expect(a.letters).toEqual([expect.objectContaining({ subject: "Sensors and drones", body: "Dear MP, Hasmik's own paragraph.", status: "sent" })]);
    expect(a.letters[0].representative).toBeTruthy();
    expect(a.letters[0].sentAt).not.toBeNull();
    expect(b).toMatchObject({ campaignSlug: DEMO_OTHER_CAMPAIGN_SLUG, status: "pending", name: "Hasmik G.", email: variant, residency: "citizen_abroad", language: "fr", letters: [] });
    expect(b.organization).not.toBe(a.organization);
    const text = JSON.stringify(data);
    expect(text).not.toContain(other);
    expect(text).not.toContain("Nobody Relevant");
    expect(text).not.toContain("Another supporter's comment.");

    // The link works more than once within its hour, in any language.
    expect((await getSupporterData(token, "fr"))!.signatures).toHaveLength(2);
    expect(second.signatureId).toBeTruthy();
  });

  it("downloads it as a JSON file that no cache keeps", async () => {
    const email = uniqueEmail("download");
    const s = await signIn({ email, name: "Arpi Download", comment: "Keep this." }, DEMO_CAMPAIGN_SLUG);
    await processMail();
    await letterFor(s.signatureId, DEMO_CAMPAIGN_SLUG, { subject: "Waiting", body: "A letter I have not approved yet.", name: "Arpi Download", email, postal: "K1A 0A6" }, "held");
    const token = await openAccessLink(email);
    const res = await downloadRoute(new Request("http://localhost:3999/api/my-data", { method: "POST", body: new URLSearchParams({ token, locale: "en" }) }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="constituent-my-data.json"');
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const doc = (await res.json()) as { email: string; exportedAt: string; signatures: { name: string; comment: string; letters: { body: string; status: string }[]; signingSessions: { name: string }[] }[] };
    expect(doc.email).toBe(email);
    expect(new Date(doc.exportedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(doc.signatures).toEqual([
      expect.objectContaining({ name: "Arpi Download", comment: "Keep this.", letters: [expect.objectContaining({ body: "A letter I have not approved yet.", status: "held" })] }),
    ]);
    // What this browser typed on the signing page (kept six hours) is part of what is held.
    expect(doc.signatures[0].signingSessions).toEqual([expect.objectContaining({ name: "Arpi Download" })]);
    expect(JSON.stringify(doc)).not.toContain(token);
  });

  it("opens from a status link too: the server makes an access link, the status token goes nowhere new", async () => {
    const email = uniqueEmail("status");
    const s = await signIn({ email, name: "Tatev Status" }, DEMO_CAMPAIGN_SLUG);
    const manage = await manageTokenFor(s.signatureId);
    const access = await accessFromManageToken(manage);
    expect(access).toBeTruthy();
    expect(access).not.toBe(manage);
    expect((await getSupporterData(access!, "en"))!.signatures[0].name).toBe("Tatev Status");
    expect(await accessFromManageToken("not-a-real-token")).toBeNull();
  });

  it("lists the organization's updates addressed to her, each subject in the language she signed in, and the one she unsubscribed through; not another supporter's", async () => {
    const db = await getDb();
    const email = uniqueEmail("updates");
    const s = await signIn({ email, name: "Lucie Updates", consent: true }, DEMO_CAMPAIGN_SLUG, "fr");
    const someoneElse = await signIn({ email: uniqueEmail("not-her"), consent: true }, DEMO_CAMPAIGN_SLUG);
    const [c] = await db.select({ id: campaigns.id, organizationId: campaigns.organizationId }).from(campaigns).where(eq(campaigns.slug, DEMO_CAMPAIGN_SLUG));
    const update = async (en: string, fr: string) => {
      const [u] = await db.insert(supporterUpdates).values({ organizationId: c.organizationId, campaignId: c.id, status: "sent" }).returning({ id: supporterUpdates.id });
      await db.insert(supporterUpdateContent).values([
        { updateId: u.id, locale: "en", subject: en, body: "Body." },
        { updateId: u.id, locale: "fr", subject: fr, body: "Texte." },
      ]);
      return u.id;
    };
    const sentAt = new Date("2026-11-20T15:00:00Z");
    const offAt = new Date("2026-11-21T09:00:00Z");
    const first = await update("The committee meets on Thursday", "Le comité se réunit jeudi");
    const second = await update("Thank you", "Merci");
    await db.insert(supporterUpdateDeliveries).values([
      { updateId: first, signatureId: s.signatureId, status: "sent", sentAt, unsubscribedAt: offAt },
      { updateId: second, signatureId: s.signatureId, status: "skipped" },
      { updateId: first, signatureId: someoneElse.signatureId, status: "sent", sentAt },
    ]);
    const token = await openAccessLink(email);
    const data = (await getSupporterData(token, "en"))!;
    expect(data.signatures).toHaveLength(1);
    expect(data.signatures[0].updates).toEqual([
      { subject: "Le comité se réunit jeudi", status: "sent", sentAt: sentAt.toISOString(), unsubscribedAt: offAt.toISOString() },
      { subject: "Merci", status: "skipped", sentAt: null, unsubscribedAt: null },
    ]);
  });
});

describe("a supporter erases everything held about her", () => {
  it("removes her name, address, postal code, comment and letter text from every table, and keeps only a keyed hash of the address", async () => {
    const email = uniqueEmail("siranush.erase");
    const first = await signIn({ email, name: "Siranush Erasetest", postalCode: "H2X 1Y4", comment: "Only Siranush wrote this comment.", consent: true }, DEMO_CAMPAIGN_SLUG);
    await processMail();
    await confirmFromMailbox(email);
    const second = await signIn({ email, name: "Siranush Erasetest", postalCode: "H2X 1Y4" }, DEMO_OTHER_CAMPAIGN_SLUG);
    await processMail();
    await letterFor(first.signatureId, DEMO_CAMPAIGN_SLUG, { subject: "Siranush's subject line", body: "Only Siranush wrote this letter.", name: "Siranush Erasetest", email, postal: "H2X 1Y4" });
    await letterFor(second.signatureId, DEMO_OTHER_CAMPAIGN_SLUG, { subject: "Siranush's held subject", body: "Only Siranush wrote this held letter.", name: "Siranush Erasetest", email, postal: "H2X 1Y4" }, "held");
    const manage = await manageTokenFor(first.signatureId);
    const cid = await campaignId(DEMO_CAMPAIGN_SLUG);
    invalidateCount(cid);
    const before = await getConfirmedCount(cid);
    const markers = ["Siranush", email, canonicalEmail(email), "H2X 1Y4", "Only Siranush wrote this"];
    expect((await everyRowAsText()).some((r) => markers.some((m) => r.includes(m)))).toBe(true);

    const token = await openAccessLink(email);
    expect(await eraseSupporterData(token)).toEqual({ ok: true });

    const leftovers = (await everyRowAsText()).filter((r) => markers.some((m) => r.includes(m)));
    expect(leftovers).toEqual([]);
    expect(await getConfirmedCount(cid)).toBe(before - 1);
    const db = await getDb();
    const sigs = await db.select().from(signatures).where(sql`${signatures.id} in (${first.signatureId}, ${second.signatureId})`);
    expect(sigs.map((s) => s.status)).toEqual(["invalidated", "invalidated"]);
    const [held] = await db.select({ status: letters.status }).from(letters).where(eq(letters.signatureId, second.signatureId));
    expect(held.status).toBe("cancelled");
    expect(await db.select().from(suppressedEmails).where(eq(suppressedEmails.emailHash, (await addressHasher(db))(email)))).toHaveLength(1);
    expect(await db.select().from(supporterAccessTokens).where(eq(supporterAccessTokens.supporterId, sigs[0].supporterId))).toEqual([]);

    // Every link she held is dead, and says so.
    expect(await getSupporterData(token, "en")).toBeNull();
    expect(await eraseSupporterData(token)).toEqual({ ok: false, error: "invalid_link" });
    expect(await accessFromManageToken(manage)).toBeNull();
    const res = await downloadRoute(new Request("http://localhost:3999/api/my-data", { method: "POST", body: new URLSearchParams({ token, locale: "fr" }) }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("http://localhost:3999/fr/my-data?expired=1");
  });

  it("is never mailed again: signing again answers as for anyone, sends nothing and keeps nothing of what was typed; asking again sends nothing", async () => {
    const email = uniqueEmail("never.again");
    await signIn({ email, name: "Lusine Once" }, DEMO_CAMPAIGN_SLUG);
    await processMail();
    expect(await eraseSupporterData(await openAccessLink(email))).toEqual({ ok: true });
    const high = await sinkHighWater();

    const fresh = await signIn({ email: email.toUpperCase(), name: "Lusine Again", postalCode: "M1G 3T8", comment: "Second time." }, DEMO_CAMPAIGN_SLUG);
    const elsewhere = await signIn({ email, name: "Lusine Again" }, DEMO_OTHER_CAMPAIGN_SLUG);
    expect(fresh).toMatchObject({ ok: true, residency: "resident" });
    await letterFor(fresh.signatureId, DEMO_CAMPAIGN_SLUG, { subject: "Held", body: "Written after erasing.", name: "Lusine Again", email, postal: "M1G 3T8" }, "held");
    await requestSupporterData(email, { locale: "en", ip: uniqueIp() });
    const db = await getDb();
    // A letter written in a browser without proof is mailed to the address for approval: not this one.
    const [held] = await db.select({ id: letters.id }).from(letters).where(eq(letters.signatureId, fresh.signatureId));
    await jobTransaction((tx) => enqueueInTx(tx, QUEUES.approvalMail, { letterId: held.id }));
    await processMail();

    expect(await listSinkMessages({ to: email, afterId: high })).toHaveLength(0);
    const rows = await db.select().from(signatures).where(sql`${signatures.id} in (${fresh.signatureId}, ${elsewhere.signatureId})`);
    expect(rows.map((r) => ({ status: r.status, name: r.name, email: r.email, postalCode: r.postalCode, comment: r.comment }))).toEqual([
      { status: "pending", name: "", email: null, postalCode: null, comment: null },
      { status: "pending", name: "", email: null, postalCode: null, comment: null },
    ]);
    const [sup] = await db.select({ email: supporters.email }).from(supporters).where(eq(supporters.id, rows[0].supporterId));
    expect(sup.email).toMatch(/@erased\.invalid$/);
  });

  it("an expired link shows nothing and erases nothing", async () => {
    const email = uniqueEmail("expired");
    await signIn({ email, name: "Gayane Later" }, DEMO_CAMPAIGN_SLUG);
    await processMail();
    const token = await openAccessLink(email);
    const db = await getDb();
    await db.update(supporterAccessTokens).set({ expiresAt: sql`now() - interval '1 second'` });
    expect(await getSupporterData(token, "en")).toBeNull();
    expect(await eraseSupporterData(token)).toEqual({ ok: false, error: "invalid_link" });
    const [s] = await db
      .select({ name: signatures.name })
      .from(signatures)
      .innerJoin(supporters, eq(supporters.id, signatures.supporterId))
      .where(eq(supporters.emailHash, (await addressHasher(db))(email)));
    expect(await openValue(db, s.name)).toBe("Gayane Later");
  });
});
