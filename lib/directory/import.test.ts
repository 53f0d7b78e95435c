import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, organizations, representatives, type Role } from "@/db/schema";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { addMember } from "@/test/journey";
import { getDb } from "@/lib/server/db";
import { parseCsvLines } from "@/lib/server/csv";
import { applyImport, previewImport } from "./import-apply";
import { diffImport, samePerson } from "./import-diff";
import { IMPORT_MAX_BYTES, parseImportCsv, type ParsedImport } from "./import-parse";
import { getDirectoryAsOf, searchDirectory } from "./search";
import type { Actor } from "@/lib/organizer/organizations";
import { getRidingWithRepresentative } from "./representatives";
import { mayImportDirectory } from "@/lib/organizer/access";

let platformOwner: Actor;
let platformEditor: Actor;
let plainOwner: Actor;
let platformOrgId: string;

function member(email: string, orgSlug: string, organizationId: string, role: Role): Promise<Actor> {
  return addMember(email, organizationId, orgSlug, role);
}

async function parsed(text: string): Promise<ParsedImport> {
  const r = await parseImportCsv(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
}

async function currentRep(fedNum: string) {
  return (await getRidingWithRepresentative(fedNum))?.representative ?? null;
}

beforeAll(async () => {
  await useFreshDatabase();
  const db = await getDb();
  const [p] = await db.insert(organizations).values({ name: "Platform", slug: "platform", isPlatformAdmin: true }).returning({ id: organizations.id });
  const [o] = await db.insert(organizations).values({ name: "Plain Group", slug: "plain" }).returning({ id: organizations.id });
  platformOrgId = p.id;
  platformOwner = await member("owner@platform.example", "platform", p.id, "owner");
  platformEditor = await member("editor@platform.example", "platform", p.id, "editor");
  plainOwner = await member("owner@plain.example", "plain", o.id, "owner");
});
afterAll(resetRuntime);

describe("a member searches the MP directory", () => {
  it("finds an MP by name, with the riding, province, party, email and the data's date", async () => {
    const r = await searchDirectory({ q: "hanley" });
    expect(r.total).toBe(1);
    expect(r.entries[0]).toMatchObject({
      fedNum: "60001",
      ridingNameEn: "Yukon",
      provinceCode: "YT",
      representative: { name: "Brendan Hanley", party: "Liberal", email: "brendan.hanley@parl.gc.ca", asOf: "2025-10-01" },
    });
  });

  it("finds a riding by its French name, its number, or filters by province and party", async () => {
    expect((await searchDirectory({ q: "Territoires du Nord" })).entries.map((e) => e.fedNum)).toEqual(["61001"]);
    expect((await searchDirectory({ q: "62001" })).entries.map((e) => e.representative?.name)).toEqual(["Lori Idlout"]);
    const pe = await searchDirectory({ province: "PE" });
    expect(pe.entries.map((e) => e.ridingNameEn)).toEqual(["Cardigan", "Charlottetown", "Egmont", "Malpeque"]);
    const ndpInNu = await searchDirectory({ province: "NU", party: "NDP" });
    expect(ndpInNu.total).toBe(1);
    expect((await searchDirectory({ province: "NU", party: "Liberal" })).total).toBe(0);
  });

  it("ignores case, accents and the kind of dash or apostrophe", async () => {
    expect((await searchDirectory({ q: "st. john's-est" })).entries.map((e) => e.fedNum)).toEqual(["10006"]);
    expect((await searchDirectory({ q: "TERRA NOVA-THE" })).entries.map((e) => e.fedNum)).toEqual(["10007"]);
    expect((await searchDirectory({ q: "iles-de-la-madeleine" })).entries.map((e) => e.ridingNameFr)).toEqual(["Gaspésie—Les Îles-de-la-Madeleine—Listuguj"]);
    expect((await searchDirectory({ q: "therese-de blainville" })).entries.map((e) => e.representative?.name)).toEqual(["Madeleine Chenette"]);
    const withAccent = (await searchDirectory({ q: "Île" })).total;
    expect(withAccent).toBeGreaterThan(0);
    expect(withAccent).toBe((await searchDirectory({ q: "ile" })).total);
  });

  it("pages through all 343 ridings, 50 at a time, and treats wildcards in the query as text", async () => {
    const first = await searchDirectory({});
    expect(first.total).toBe(343);
    expect(first.entries).toHaveLength(50);
    expect(first.pageCount).toBe(7);
    const last = await searchDirectory({ page: "7" });
    expect(last.entries).toHaveLength(343 - 300);
    expect((await searchDirectory({ q: "%" })).total).toBe(0);
    expect((await searchDirectory({ page: "not a number", province: "<script>" })).total).toBe(343);
  });

  it("shows when the data dates from", async () => {
    expect(await getDirectoryAsOf()).toEqual([{ asOf: "2025-10-01", count: 343 }]);
  });
});

describe("the CSV reader", () => {
  it("handles a byte-order mark, CRLF, quoted commas, doubled quotes and newlines inside quotes, with line numbers", () => {
    const { records } = parseCsvLines('\ufeffa,b\r\n"x, y","say ""hi"""\r\n"two\nlines",z\r\nlast,1');
    expect(records).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ["x, y", 'say "hi"'] },
      { line: 3, cells: ["two\nlines", "z"] },
      { line: 5, cells: ["last", "1"] },
    ]);
  });

  it("reports an unclosed quote at the line it opens", () => {
    expect(parseCsvLines('a,b\n1,"open\n2,3\n').unclosedQuoteLine).toBe(2);
  });
});

describe("an owner's import file is checked line by line", () => {
  it("accepts the bundled file's columns and the House of Commons export's (English or French), by number or riding name", async () => {
    const bundled = await parsed("fed_num,mp_name,party,email\n10001,Paul Connors,Liberal,PAUL.CONNORS@parl.gc.ca\n");
    expect(bundled.rows[0]).toMatchObject({ fedNum: "10001", name: "Paul Connors", email: "paul.connors@parl.gc.ca", line: 2 });
    expect(bundled.columns).toEqual(["name", "party", "email"]);

    const hoc = await parsed(
      '"Honorific Title","First Name","Last Name","Constituency","Province / Territory","Political Affiliation","Start Date","End Date"\n' +
        '"Hon.","Rebecca","Alty","Northwest Territories","Northwest Territories","Liberal","2025-04-28 12:00:00 AM",""\n',
    );
    expect(hoc.rows[0]).toMatchObject({ fedNum: "61001", name: "Rebecca Alty", firstName: "Rebecca", lastName: "Alty", party: "Liberal", honourable: true });

    const fr = await parsed("Titre honorifique,Prénom,Nom de famille,Circonscription,Affiliation politique\n,Joanne,Thompson,St. John’s-Est,Libéral\n");
    expect(fr.rows[0]).toMatchObject({ fedNum: "10006", name: "Joanne Thompson", party: "Libéral" });

    const dashes = await parsed("riding,name\nTerra Nova-The Peninsulas,Jonathan Rowe\n");
    expect(dashes.rows[0].fedNum).toBe("10007");
  });

  it("gives every problem with its line: unknown riding, repeated riding, bad email, formula in a name", async () => {
    const r = await parseImportCsv(
      "fed_num,mp_name,email\n99999,Nobody,nobody@parl.gc.ca\n10001,Paul Connors,not-an-email\n10002,=HYPERLINK(1),tom@parl.gc.ca\n10003,Clifford Small,\n10003,Clifford Small,\n",
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { line: 2, code: "riding.unknown", value: "99999" },
      { line: 3, code: "email.invalid", value: "not-an-email" },
      { line: 4, code: "name.invalid", value: "=HYPERLINK(1)" },
      { line: 6, code: "riding.duplicate", value: "5" },
    ]);
  });

  it("refuses a file without a riding or name column, an empty file and an oversized one", async () => {
    expect(await parseImportCsv("mp_name,email\nA B,a@b.ca\n")).toMatchObject({ ok: false, errors: [{ line: 1, code: "header.noRiding" }] });
    expect(await parseImportCsv("fed_num,email\n10001,a@b.ca\n")).toMatchObject({ ok: false, errors: [{ line: 1, code: "header.noName" }] });
    expect(await parseImportCsv("fed_num,mp_name\n")).toMatchObject({ ok: false, errors: [{ line: 0, code: "file.empty" }] });
    expect(await parseImportCsv("fed_num,mp_name\n" + "10001,x\n".repeat(IMPORT_MAX_BYTES / 8 + 1))).toMatchObject({ ok: false, errors: [{ line: 0, code: "file.tooLarge" }] });
  });
});

describe("an import is previewed as a diff", () => {
  it("tells a corrected name from a new member", () => {
    expect(samePerson({ name: "Jessica Fancy", email: null }, { name: "Jessica Fancy-Landry", email: null })).toBe(true);
    expect(samePerson({ name: "Rene Arseneault", email: null }, { name: "René Arseneault", email: null })).toBe(true);
    expect(samePerson({ name: "Damien Kurek", email: "damien.kurek@parl.gc.ca" }, { name: "Pierre Poilievre", email: "pierre.poilievre@parl.gc.ca" })).toBe(false);
    expect(samePerson({ name: "Tom Osborne", email: "tom.osborne@parl.gc.ca" }, { name: "Thomas Osborne", email: "tom.osborne@parl.gc.ca" })).toBe(true);
  });

  it("lists exactly the changed email, the vacancy, the name fix and the new member; the rest is unchanged", async () => {
    const diff = await diffImport(
      await parsed(
        "fed_num,mp_name,party,email\n" +
          "11001,Kent MacDonald,Liberal,kent.macdonald.mp@parl.gc.ca\n" + // email change
          "11002,,,\n" + // vacancy
          "11003,Robert John Morrissey,Liberal,robert.morrissey@parl.gc.ca\n" + // name fix
          "11004,Heath MacDonald,Liberal,heath.macdonald@parl.gc.ca\n" + // unchanged
          "10004,Jane Newmember,NDP,jane.newmember@parl.gc.ca\n", // a by-election
      ),
      "2026-11-01",
    );
    expect(diff.changed.map((c) => [c.fedNum, c.changes])).toEqual([
      ["11001", [{ field: "email", from: "kent.macdonald@parl.gc.ca", to: "kent.macdonald.mp@parl.gc.ca" }]],
      [
        "11003",
        [
          { field: "name", from: "Robert J. Morrissey", to: "Robert John Morrissey" },
          { field: "firstName", from: "Robert J.", to: "Robert John" },
        ],
      ],
    ]);
    expect(diff.vacated.map((v) => [v.fedNum, v.name])).toEqual([["11002", "Sean Casey"]]);
    expect(diff.added.map((a) => [a.fedNum, a.values.name, a.values.lastName, a.replaces?.name])).toEqual([["10004", "Jane Newmember", "Newmember", "Philip Earle"]]);
    expect(diff.unchanged).toBe(1);
    expect(diff.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("leaves fields the file has no column for as they are", async () => {
    const diff = await diffImport(await parsed("fed_num,mp_name\n62001,Lori Idlout\n"), "2026-11-01");
    expect(diff).toMatchObject({ added: [], changed: [], vacated: [], unchanged: 1 });
  });
});

describe("only an owner of a platform organization imports", () => {
  const csv = "fed_num,mp_name,email\n10005,Carol Anstey,carol.anstey.new@parl.gc.ca\n";

  it("refuses an editor of the platform organization and the owner of another, and changes nothing", async () => {
    expect(await mayImportDirectory(platformOwner)).toBe(true);
    expect(await mayImportDirectory(platformEditor)).toBe(false);
    expect(await mayImportDirectory(plainOwner)).toBe(false);
    const preview = await previewImport(platformOwner, csv, "2026-11-01");
    if (!preview.ok) throw new Error("preview failed");
    for (const actor of [platformEditor, plainOwner]) {
      expect(await previewImport(actor, csv, "2026-11-01")).toEqual({ ok: false, error: "forbidden" });
      expect(await applyImport(actor, csv, "2026-11-01", preview.diff.hash)).toEqual({ ok: false, error: "forbidden" });
    }
    expect((await currentRep("10005"))?.email).toBe("carol.anstey@parl.gc.ca");
  });

  it("refuses a bad as-of date", async () => {
    expect(await previewImport(platformOwner, csv, "2026-02-30")).toMatchObject({ ok: false, error: "invalid", errors: [{ line: 0, code: "asOf.invalid" }] });
    expect(await previewImport(platformOwner, csv, "2999-01-01")).toMatchObject({ ok: false, error: "invalid" });
  });
});

describe("an owner applies an import", () => {
  it("applies exactly the previewed diff in one step, keeps the replaced MP as history and writes an audit row", async () => {
    const db = await getDb();
    const csv =
      "fed_num,mp_name,party,email\n" +
      "11001,Kent MacDonald,Liberal,kent.macdonald.mp@parl.gc.ca\n" +
      "11002,,,\n" +
      "11003,Robert John Morrissey,Liberal,robert.morrissey@parl.gc.ca\n" +
      "10004,Jane Newmember,NDP,jane.newmember@parl.gc.ca\n";
    const before = { kent: await currentRep("11001"), sean: await currentRep("11002"), philip: await currentRep("10004") };
    const preview = await previewImport(platformOwner, csv, "2026-11-01");
    if (!preview.ok) throw new Error("preview failed");
    const r = await applyImport(platformOwner, csv, "2026-11-01", preview.diff.hash, "import: test.csv");
    expect(r).toEqual({ ok: true, added: 1, changed: 2, vacated: 1, unchanged: 0 });

    const kent = await currentRep("11001");
    expect(kent).toMatchObject({ id: before.kent!.id, email: "kent.macdonald.mp@parl.gc.ca", asOf: "2026-11-01" });
    expect(await currentRep("11002")).toBeNull();
    expect((await currentRep("11003"))?.name).toBe("Robert John Morrissey");
    const jane = await currentRep("10004");
    expect(jane).toMatchObject({ name: "Jane Newmember", party: "NDP" });
    expect(jane!.id).not.toBe(before.philip!.id);
    // History rows stay, so letters that name them keep their representative.
    const [philip] = await db.select().from(representatives).where(eq(representatives.id, before.philip!.id));
    expect(philip).toMatchObject({ name: "Philip Earle", current: false });
    const [sean] = await db.select().from(representatives).where(eq(representatives.id, before.sean!.id));
    expect(sean.current).toBe(false);

    const vacant = await searchDirectory({ q: "Charlottetown" });
    expect(vacant.entries).toMatchObject([{ fedNum: "11002", representative: null }]);
    expect((await searchDirectory({ party: "vacant" })).entries.map((e) => e.fedNum)).toEqual(["11002"]);
    expect((await getDirectoryAsOf())[0]).toEqual({ asOf: "2026-11-01", count: 3 });

    const audits = await db.select().from(auditLog).where(and(eq(auditLog.organizationId, platformOrgId), eq(auditLog.action, "directory.import")));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorUserId: platformOwner.userId, detail: { added: 1, changed: 2, vacated: 1, unchanged: 0, asOf: "2026-11-01" } });
  });

  it("refuses to apply when the directory changed since the preview, and shows the diff as it is now", async () => {
    const db = await getDb();
    const csv = "fed_num,mp_name,email\n10005,Carol Anstey,carol.anstey.new@parl.gc.ca\n";
    const preview = await previewImport(platformOwner, csv, "2026-11-02");
    if (!preview.ok) throw new Error("preview failed");
    // Someone else imports the same riding first.
    const other = "fed_num,mp_name,email\n10005,Carol Anstey,carol.anstey.other@parl.gc.ca\n";
    const p2 = await previewImport(platformOwner, other, "2026-11-02");
    if (!p2.ok) throw new Error("preview failed");
    expect((await applyImport(platformOwner, other, "2026-11-02", p2.diff.hash)).ok).toBe(true);
    const [{ n: auditsBefore }] = await db.select({ n: count() }).from(auditLog);

    const r = await applyImport(platformOwner, csv, "2026-11-02", preview.diff.hash);
    expect(r.ok).toBe(false);
    if (r.ok || r.error !== "stale") throw new Error("expected stale");
    expect(r.diff.changed[0].changes).toEqual([{ field: "email", from: "carol.anstey.other@parl.gc.ca", to: "carol.anstey.new@parl.gc.ca" }]);
    expect((await currentRep("10005"))?.email).toBe("carol.anstey.other@parl.gc.ca");
    const [{ n: auditsAfter }] = await db.select({ n: count() }).from(auditLog);
    expect(auditsAfter).toBe(auditsBefore);
    // A hash from another diff (or a forged one) is refused the same way.
    expect((await applyImport(platformOwner, csv, "2026-11-02", "0".repeat(64))).ok).toBe(false);
  });

  it("fills a vacancy with a new member", async () => {
    const csv = "fed_num,mp_name,party,email\n11002,Sam Byelection,Green,sam.byelection@parl.gc.ca\n";
    const p = await previewImport(platformOwner, csv, "2026-11-03");
    if (!p.ok) throw new Error("preview failed");
    expect(p.diff.added).toMatchObject([{ fedNum: "11002", replaces: null }]);
    expect(await applyImport(platformOwner, csv, "2026-11-03", p.diff.hash)).toMatchObject({ ok: true, added: 1 });
    expect((await currentRep("11002"))?.name).toBe("Sam Byelection");
  });

  it("lets only one of two owners applying at once fill the same vacancy; the other is shown the new state", async () => {
    const vacate = "fed_num,mp_name\n10003,\n";
    const v = await previewImport(platformOwner, vacate, "2026-11-04");
    if (!v.ok) throw new Error("preview failed");
    expect((await applyImport(platformOwner, vacate, "2026-11-04", v.diff.hash)).ok).toBe(true);
    const a = "fed_num,mp_name\n10003,Ada First\n";
    const b = "fed_num,mp_name\n10003,Bea Second\n";
    const [pa, pb] = await Promise.all([previewImport(platformOwner, a, "2026-11-04"), previewImport(platformOwner, b, "2026-11-04")]);
    if (!pa.ok || !pb.ok) throw new Error("preview failed");
    const results = await Promise.all([applyImport(platformOwner, a, "2026-11-04", pa.diff.hash), applyImport(platformOwner, b, "2026-11-04", pb.diff.hash)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error === "stale")).toHaveLength(1);
    const db = await getDb();
    const [{ n }] = await db.select({ n: count() }).from(representatives).where(and(eq(representatives.ridingFedNum, "10003"), eq(representatives.current, true)));
    expect(n).toBe(1);
  });
});
