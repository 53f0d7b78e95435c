import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, organizations } from "@/db/schema";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { addMember, uniqueEmail } from "@/test/journey";
import { actionLabel, listAuditActions, listAuditLog } from "./audit";
import { getDb } from "@/lib/server/db";
import { changeMemberRole, inviteMember } from "./members";
import { type Actor } from "./organizations";

let orgId: string;
let owner: Actor;
let editor: Actor;
let viewer: Actor;
let otherOwner: Actor;

beforeAll(async () => {
  await useFreshDatabase();
  const db = await getDb();
  const [org] = await db.insert(organizations).values({ name: "Prairie Peace Network", slug: "prairie-peace" }).returning({ id: organizations.id });
  orgId = org.id;
  const [other] = await db.insert(organizations).values({ name: "Other Group", slug: "other-group" }).returning({ id: organizations.id });
  owner = await addMember("owner@prairie.example", orgId, "prairie-peace", "owner");
  editor = await addMember("editor@prairie.example", orgId, "prairie-peace", "editor");
  viewer = await addMember("viewer@prairie.example", orgId, "prairie-peace", "viewer");
  otherOwner = await addMember("owner@other.example", other.id, "other-group", "owner");
  await inviteMember(owner, { email: uniqueEmail("invitee"), role: "viewer" });
  await changeMemberRole(owner, viewer.userId, "editor");
  await inviteMember(otherOwner, { email: uniqueEmail("theirs"), role: "owner" });
});
afterAll(resetRuntime);

describe("an owner reads the audit log", () => {
  it("sees her organization's rows, newest first, with who did it and a label in her language; never another organization's", async () => {
    const page = await listAuditLog(owner, {}, "en");
    expect(page!.rows.map((r) => [r.action, r.label, r.actorEmail])).toEqual([
      ["member.role", "Changed a member's role", "owner@prairie.example"],
      ["member.invite", "Invited a member", "owner@prairie.example"],
    ]);
    expect(page!.nextBefore).toBeNull();
    expect((await listAuditLog(owner, { action: "member.invite" }, "fr"))!.rows.map((r) => r.label)).toEqual(["A invité un membre"]);
    expect(await listAuditActions(owner)).toEqual(["member.invite", "member.role"]);
    expect((await listAuditLog(otherOwner, {}, "en"))!.rows.map((r) => r.action)).toEqual(["member.invite"]);
  });

  it("is not for editors or viewers", async () => {
    expect(await listAuditLog(editor, {}, "en")).toBeNull();
    expect(await listAuditLog(viewer, {}, "en")).toBeNull();
    expect(await listAuditActions(editor)).toBeNull();
  });

  it("pages backwards with a cursor, and ignores a malformed filter or cursor", async () => {
    const db = await getDb();
    await db.insert(auditLog).values(Array.from({ length: 60 }, (_, i) => ({ organizationId: orgId, actorUserId: owner.userId, action: "signatures.export", targetType: "campaign", targetId: `c${i}` })));
    const first = await listAuditLog(owner, { action: "signatures.export" }, "en");
    expect(first!.rows).toHaveLength(50);
    expect(first!.rows[0].targetId).toBe("c59");
    const second = await listAuditLog(owner, { action: "signatures.export", before: String(first!.nextBefore) }, "en");
    expect(second!.rows.map((r) => r.targetId)).toEqual(Array.from({ length: 10 }, (_, i) => `c${9 - i}`));
    expect(second!.nextBefore).toBeNull();
    const bad = await listAuditLog(owner, { action: "'; drop table x", before: "abc" }, "en");
    expect(bad!.rows).toHaveLength(50);
  });

  it("shows an action it has no label for by its code", () => {
    expect(actionLabel("en", "campaign.publish")).toBe("Published a campaign");
    expect(actionLabel("fr", "something.new")).toBe("something.new");
  });
});
