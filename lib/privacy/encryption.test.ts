import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataKeys, organizations, signatures, users } from "@/db/schema";
import { DEMO_ORG_SLUG, DEMO_ORGANIZER_EMAIL } from "@/db/seed";
import { processAvailableJobs } from "@/lib/jobs/worker";
import { QUEUES } from "@/lib/jobs/queue";
import { findRidingsForPostalCode } from "@/lib/directory/representatives";
import { getLetterTemplate } from "@/lib/campaigns/public";
import { saveLetterDraft } from "@/lib/letters/compose";
import { submitLetter } from "@/lib/letters/lifecycle";
import { composeLetter, renderTemplate } from "@/lib/letters/text";
import { exportFilterSchema, streamSignaturesCsv } from "@/lib/organizer/exports";
import { getActorForUser } from "@/lib/organizer/organizations";
import { getDb } from "@/lib/server/db";
import { listSinkMessages } from "@/lib/server/mail-sink";
import { chooseFlowRiding } from "@/lib/signing/flows";
import { everyRowAsText, resetRuntime, useFreshDatabase } from "@/test/db";
import { confirmFromMailbox, demoCampaign, letterInput, sign, uniqueEmail } from "@/test/journey";
import { forgetKeys, openValue, sealerFor, organizationScope } from "./encryption";
import { rewrapAfterMasterChange, rotateDataKeys } from "./key-rotation";
import { resetEnvCache } from "@/lib/server/env";

let campaignId: string;
beforeAll(async () => {
  await useFreshDatabase();
  campaignId = (await demoCampaign()).id;
});
afterAll(resetRuntime);

/** Signs with everything a supporter types, confirms in the same browser, writes to their MP, and the worker delivers it. */
async function fullJourney(person: { name: string; email: string; postalCode: string; comment: string; subject: string; personal: string }) {
  const s = await sign({ email: person.email, name: person.name, postalCode: person.postalCode, comment: person.comment, consent: true });
  await processAvailableJobs({ queues: [QUEUES.confirmationMail] });
  const { flowId } = await confirmFromMailbox(person.email, s.flowId);
  const lookup = await findRidingsForPostalCode(person.postalCode);
  if (!lookup.ok) throw new Error(lookup.error);
  const choice = lookup.candidates.find((c) => c.representative !== null)!;
  expect(await chooseFlowRiding(flowId, campaignId, choice.fedNum)).toBe(true);
  const template = (await getLetterTemplate(campaignId, "en"))!;
  const body = renderTemplate(template.body, { salutation: "Dear MP,", mp_name: choice.representative!.name, riding: choice.nameEn, supporter_name: person.name, postal_code: person.postalCode });
  const saved = await saveLetterDraft(flowId, campaignId, letterInput({ representativeId: choice.representative!.id, subject: person.subject, personal: person.personal, body }), composeLetter(body, ""));
  if (!saved.ok) throw new Error(saved.error);
  expect(await submitLetter(flowId, campaignId, saved.letterId)).toEqual({ ok: true, status: "queued" });
  await processAvailableJobs({ queues: [QUEUES.letter] });
  return { signatureId: s.signatureId, representativeEmail: choice.representative!.email };
}

async function organizerExport(): Promise<string> {
  const db = await getDb();
  const [owner] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_ORGANIZER_EMAIL));
  const actor = await getActorForUser(owner.id, DEMO_ORG_SLUG);
  const r = await streamSignaturesCsv(actor!, campaignId, exportFilterSchema.parse({ status: "all" }));
  if (!r.ok) throw new Error(r.error);
  return new Response(r.stream).text();
}

describe("someone holding a copy of the database finds no supporter in it", () => {
  it("after a whole journey (sign, confirm, write, deliver) no table holds the name, address, postal code, comment or letter, while the office, the export and the supporter's mail carry the real values", async () => {
    const person = {
      name: "Zabel Cryptotest",
      email: uniqueEmail("zabel.crypt"),
      postalCode: "K1A 0A6",
      comment: "Zabel's own comment about the permits.",
      subject: "Zabel asks about the sensor permits",
      personal: "Zabel's cousin lived in Hadrut until 2020.",
    };
    const { representativeEmail } = await fullJourney(person);

    // What people see is the real thing.
    const office = (await listSinkMessages({ to: representativeEmail!, limit: 50 })).find((m) => m.subject === person.subject);
    expect(office?.text).toContain(person.personal);
    expect(office?.text).toContain(person.name);
    expect(office?.headers["reply-to"] ?? office?.headers["Reply-To"] ?? "").toContain(person.email);
    const csv = await organizerExport();
    for (const v of [person.name, person.email, person.postalCode, person.comment]) expect(csv).toContain(v);

    // What a copy of the database shows is not.
    const dump = await everyRowAsText();
    const markers = [person.name, "Cryptotest", person.email, person.email.split("@")[0], person.postalCode, person.postalCode.replace(" ", ""), person.comment, person.subject, person.personal, "Hadrut"];
    expect(dump.filter((row) => markers.some((m) => row.toLowerCase().includes(m.toLowerCase())))).toEqual([]);
    // The riding and province stay in clear for the dashboards; the domain for moderation.
    const db = await getDb();
    const [row] = await db.select().from(signatures).orderBy(sql`${signatures.createdAt} desc`).limit(1);
    expect(row.ridingFedNum).toMatch(/^\d{5}$/);
    expect(row.emailDomain).toBe(person.email.split("@")[1]);
  });

  it("a data key is stored only wrapped by the master key, and one organization's destroyed key leaves its values unreadable while another's still open", async () => {
    const db = await getDb();
    const [demo] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, DEMO_ORG_SLUG));
    const [other] = await db.insert(organizations).values({ name: "Shredded Group", slug: `shred-${Date.now()}` }).returning({ id: organizations.id });
    const sealOther = await sealerFor(db, organizationScope(other.id));
    const sealDemo = await sealerFor(db, organizationScope(demo.id));
    const secret = sealOther("Name of someone in a shredded organization")!;
    const kept = sealDemo("Name kept by the demo organization")!;
    expect(secret).toMatch(/^enc1\.\d+\./);
    expect(secret).not.toContain("shredded");

    // Nothing in the table is the key itself: 32 random bytes wrapped (iv + key + tag = 60 bytes).
    const keys = await db.select().from(dataKeys).where(eq(dataKeys.organizationId, other.id));
    expect(keys).toHaveLength(1);
    expect(Buffer.from(keys[0].wrapped, "base64url")).toHaveLength(60);

    await db.delete(organizations).where(eq(organizations.id, other.id));
    forgetKeys();
    expect(await db.select().from(dataKeys).where(eq(dataKeys.organizationId, other.id))).toEqual([]);
    expect(await openValue(db, secret)).toBe("");
    expect(await openValue(db, kept)).toBe("Name kept by the demo organization");
  });
});

describe("a look-up by address works without the address being stored", () => {
  it("signing again with a variant of the address finds the same supporter by its keyed hash", async () => {
    const email = uniqueEmail("variant.crypt");
    const first = await sign({ email });
    const again = await sign({ email: email.toUpperCase() });
    expect(again.signatureId).toBe(first.signatureId);
    const db = await getDb();
    const rows = (await db.execute(sql`select email_canonical from supporters`)) as unknown as { rows: { email_canonical: string }[] };
    expect(rows.rows.some((r) => r.email_canonical.includes("@") && !r.email_canonical.endsWith("@erased.invalid"))).toBe(false);
  });
});

describe("an administrator rotates keys with npm run keys", () => {
  it("rotating an organization's key re-seals its supporters' data under a new key and deletes the old one; a database written before encryption is sealed by the same pass", async () => {
    const email = uniqueEmail("rotate.crypt");
    const s = await sign({ email, name: "Lilit Rotation", comment: "Before the rotation." });
    const db = await getDb();
    const before = (await db.select().from(signatures).where(eq(signatures.id, s.signatureId)))[0];
    const oldKey = Number(before.name.split(".")[1]);
    // A row as an older version wrote it: in clear.
    await db.update(signatures).set({ comment: "Written in clear before encryption." }).where(eq(signatures.id, s.signatureId));

    const report = await rotateDataKeys(db, { organizationSlugs: [DEMO_ORG_SLUG] });
    expect(report.retired).toBe(1);
    expect(report.sealed).toBeGreaterThanOrEqual(1);
    expect(report.resealed).toBeGreaterThanOrEqual(3);
    expect(report.pruned).toBe(1);
    expect(await db.select().from(dataKeys).where(eq(dataKeys.id, oldKey))).toEqual([]);

    const [after] = await db.select().from(signatures).where(eq(signatures.id, s.signatureId));
    expect(Number(after.name.split(".")[1])).not.toBe(oldKey);
    expect(after.comment).toMatch(/^enc1\./);
    expect(await openValue(db, after.name)).toBe("Lilit Rotation");
    expect(await openValue(db, after.comment)).toBe("Written in clear before encryption.");
    expect(await openValue(db, after.email)).toBe(email);
  });

  it("after a new master key, rewrap re-wraps every data key and everything still opens; without the old key nothing would", async () => {
    const db = await getDb();
    const sealDemo = await sealerFor(db, "platform");
    const value = sealDemo("Sealed before the master key changed")!;
    const old = process.env.DATA_ENCRYPTION_KEY!;
    const fresh = "a".repeat(64);
    try {
      process.env.DATA_ENCRYPTION_KEY = fresh;
      process.env.DATA_ENCRYPTION_KEY_PREVIOUS = old;
      resetEnvCache();
      forgetKeys();
      expect(await rewrapAfterMasterChange(db)).toBeGreaterThanOrEqual(3);
      delete process.env.DATA_ENCRYPTION_KEY_PREVIOUS;
      resetEnvCache();
      forgetKeys();
      expect(await openValue(db, value)).toBe("Sealed before the master key changed");
      // The old master key alone no longer unwraps anything.
      process.env.DATA_ENCRYPTION_KEY = old;
      resetEnvCache();
      forgetKeys();
      await expect(openValue(db, value)).rejects.toThrow(/unknown master key/);
    } finally {
      process.env.DATA_ENCRYPTION_KEY = fresh;
      process.env.DATA_ENCRYPTION_KEY_PREVIOUS = old;
      resetEnvCache();
      forgetKeys();
      await rewrapAfterMasterChange(db);
      process.env.DATA_ENCRYPTION_KEY = old;
      process.env.DATA_ENCRYPTION_KEY_PREVIOUS = fresh;
      resetEnvCache();
      forgetKeys();
      await rewrapAfterMasterChange(db);
      delete process.env.DATA_ENCRYPTION_KEY_PREVIOUS;
      resetEnvCache();
      forgetKeys();
    }
  });
});
