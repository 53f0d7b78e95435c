import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openValue } from "@/lib/privacy/encryption";
import { addressHasher } from "@/lib/privacy/suppression";
import { campaigns, letters, signatures, supporters, tokens } from "@/db/schema";
import { DEMO_OTHER_CAMPAIGN_SLUG } from "@/db/seed";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { codeFrom, confirmTokenFrom, demoCampaign, lastMailTo, sign, uniqueEmail } from "@/test/journey";
import { getConfirmedCount, invalidateCount } from "@/lib/campaigns/count";
import { getDb } from "@/lib/server/db";
import { listSinkMessages } from "@/lib/server/mail-sink";
import { createSignature, signInputSchema } from "./sign";
import { checkConfirmToken, confirmSignatureByToken } from "./confirm";
import { proveFlowByCode } from "./flows";
import { processAvailableJobs } from "@/lib/jobs/worker";

let campaignId: string;
beforeAll(async () => {
  await useFreshDatabase();
  campaignId = (await demoCampaign()).id;
});
afterAll(resetRuntime);

describe("a supporter signs with valid details", () => {
  it("records a pending signature and emails a confirmation link and code", async () => {
    const email = uniqueEmail();
    const r = await sign({ email, consent: true });
    expect(r.fresh).toBe(true);
    await processAvailableJobs();
    const mail = await lastMailTo(email);
    expect(mail?.subject).toContain("Confirm your signature");
    expect(mail?.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(confirmTokenFrom(mail!.text)).toHaveLength(43);
    expect(codeFrom(mail!.text)).toMatch(/^\d{6}$/);
    const db = await getDb();
    const [s] = await db.select().from(signatures).where(eq(signatures.id, r.signatureId));
    expect(s.status).toBe("pending");
    // Stored sealed (decision 0027), read back as typed.
    expect(s.postalCode).toMatch(/^enc1\./);
    expect(await openValue(db, s.postalCode)).toBe("K1A 0A6");
    expect(s.consentWordingVersion).toBeTruthy();
    expect(s.consentAt).toBeInstanceOf(Date);
  });

  it("stores no token in clear text", async () => {
    const email = uniqueEmail();
    await sign({ email });
    await processAvailableJobs();
    const token = confirmTokenFrom((await lastMailTo(email))!.text);
    const db = await getDb();
    const found = await db.select().from(tokens).where(eq(tokens.tokenHash, token));
    expect(found).toHaveLength(0);
  });
});

describe("a supporter confirms", () => {
  it("counts only after the button is pressed, and the link works once", async () => {
    const email = uniqueEmail();
    await sign({ email });
    await processAvailableJobs();
    const token = confirmTokenFrom((await lastMailTo(email))!.text);
    invalidateCount(campaignId);
    const before = await getConfirmedCount(campaignId);

    // A link scanner's GET only checks the token; nothing is confirmed.
    expect(await checkConfirmToken(token)).not.toBeNull();
    invalidateCount(campaignId);
    expect(await getConfirmedCount(campaignId)).toBe(before);

    const r = await confirmSignatureByToken(token);
    expect(r.ok && r.status).toBe("confirmed");
    expect(await getConfirmedCount(campaignId)).toBe(before + 1);
    expect(await confirmSignatureByToken(token)).toEqual({ ok: false, error: "token.invalid" });
    expect(await checkConfirmToken(token)).toBeNull();
  });

  it("confirms with the 6-digit code typed in the browser that signed", async () => {
    const email = uniqueEmail();
    const s = await sign({ email });
    await processAvailableJobs();
    const code = codeFrom((await lastMailTo(email))!.text);
    const wrong = code === "000000" ? "111111" : "000000";
    expect(await proveFlowByCode(s.flowId, campaignId, wrong, "198.51.100.9")).toEqual({ ok: false, error: "code.invalid" });
    const r = await proveFlowByCode(s.flowId, campaignId, code, "198.51.100.9");
    expect(r.ok).toBe(true);
    const db = await getDb();
    expect((await db.select({ status: signatures.status }).from(signatures).where(eq(signatures.id, s.signatureId)))[0].status).toBe("confirmed");
    // The code worked once.
    expect(await proveFlowByCode(s.flowId, campaignId, code, "198.51.100.9")).toEqual({ ok: false, error: "code.invalid" });
  });

  it("refuses an expired link", async () => {
    const email = uniqueEmail();
    const s = await sign({ email });
    await processAvailableJobs();
    const token = confirmTokenFrom((await lastMailTo(email))!.text);
    const db = await getDb();
    await db.update(tokens).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(tokens.signatureId, s.signatureId));
    expect(await confirmSignatureByToken(token)).toEqual({ ok: false, error: "token.invalid" });
  });
});

describe("a supporter signs again", () => {
  it("with a case, dot or +tag variant of the address, creates nothing new", async () => {
    const base = `ani.p${Date.now()}`;
    const first = await sign({ email: `${base}@gmail.com` });
    const again = await sign({ email: `${base.replace(".", "").toUpperCase()}+campaign@GMAIL.com`, name: "Someone Else" });
    expect(again.signatureId).toBe(first.signatureId);
    expect(again.fresh).toBe(false);
    const db = await getDb();
    const rows = await db
      .select()
      .from(signatures)
      .innerJoin(supporters, eq(supporters.id, signatures.supporterId))
      .where(and(eq(signatures.campaignId, campaignId), eq(supporters.emailHash, (await addressHasher(db))(`${base}@gmail.com`))));
    expect(rows).toHaveLength(1);
    expect(await openValue(db, rows[0].signatures.name)).toBe("Ani Petrosyan");
  });

  it("sends at most five emails ever for one signature", async () => {
    const email = uniqueEmail();
    for (let i = 0; i < 8; i++) await sign({ email });
    await processAvailableJobs();
    expect(await listSinkMessages({ to: email })).toHaveLength(5);
  });
});

describe("bad input is refused with a reason for each field", () => {
  it("names the fields and keeps the reasons translatable", () => {
    const r = signInputSchema.safeParse({ name: "=HYPERLINK(1)", email: "not-an-email", residency: "resident", postalCode: "D0D 0D0" });
    expect(r.success).toBe(false);
    const issues = Object.fromEntries(r.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(issues).toMatchObject({ name: "name.invalid", email: "email.invalid" });
    const p = signInputSchema.safeParse({ name: "Ani", email: "a@b.ca", residency: "resident", postalCode: "D0D 0D0" });
    expect(p.error!.issues[0]).toMatchObject({ path: ["postalCode"], message: "postal.invalid" });
    expect(signInputSchema.safeParse({ name: "Visit www.spam.com", email: "a@b.ca", residency: "ally_abroad" }).error!.issues[0].message).toBe("name.invalid");
  });

  it("asks no postal code of supporters outside Canada", () => {
    const r = signInputSchema.parse({ name: "Ani", email: "a@b.am", residency: "ally_abroad" });
    expect(r.postalCode).toBeNull();
  });
});

describe("a campaign that takes no signatures", () => {
  it("keeps no trace of someone signing a closed or unknown campaign: no supporter, no signature, no email", async () => {
    const db = await getDb();
    const email = uniqueEmail("late");
    await db.update(campaigns).set({ status: "closed" }).where(eq(campaigns.slug, DEMO_OTHER_CAMPAIGN_SLUG));
    try {
      const parsed = signInputSchema.parse({ name: "Late Signer", email, residency: "resident", postalCode: "K1A 0A6" });
      const closed = await createSignature(parsed, { campaignSlug: DEMO_OTHER_CAMPAIGN_SLUG, locale: "en", ip: "203.0.113.5" });
      expect(closed).toEqual({ ok: false, error: "campaign.closed" });
      const unknown = await createSignature(parsed, { campaignSlug: "no-such-campaign", locale: "en", ip: "203.0.113.5" });
      expect(unknown).toEqual({ ok: false, error: "campaign.notFound" });
    } finally {
      await db.update(campaigns).set({ status: "published" }).where(eq(campaigns.slug, DEMO_OTHER_CAMPAIGN_SLUG));
    }
    await processAvailableJobs();
    expect(await db.select().from(supporters).where(eq(supporters.emailHash, (await addressHasher(db))(email)))).toHaveLength(0);
    expect(await listSinkMessages({ to: email })).toHaveLength(0);
  });
});

describe("a bot fills in the honeypot", () => {
  it("is recorded as flagged, never counted and never emailed", async () => {
    const email = uniqueEmail("bot");
    const r = await sign({ email, website: "http://spam" });
    await processAvailableJobs();
    const db = await getDb();
    const [s] = await db.select().from(signatures).where(eq(signatures.id, r.signatureId));
    expect(s.status).toBe("flagged");
    expect(await listSinkMessages({ to: email })).toHaveLength(0);
    const l = await db.select().from(letters).where(eq(letters.signatureId, r.signatureId));
    expect(l).toHaveLength(0);
  });
});
