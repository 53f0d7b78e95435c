import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, invitations, memberships, organizations, users } from "@/db/schema";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { addMember, demoCampaign, lastMailTo, uniqueEmail } from "@/test/journey";
import { getDb } from "@/lib/server/db";
import { processAvailableJobs } from "@/lib/jobs/worker";
import { changeMemberRole, INVITATION_DAYS, inviteMember, inviteSchema, listMembers, removeMember, revokeInvitation } from "./members";
import { acceptPendingInvitations, getActorForUser, listMyOrganizations, mayRequestSignIn, type Actor } from "./organizations";

let orgId: string;
let owner: Actor;
let editor: Actor;
let viewer: Actor;
let otherOwner: Actor;

async function auditActions(organizationId: string) {
  const db = await getDb();
  return (await db.select({ action: auditLog.action, targetId: auditLog.targetId, detail: auditLog.detail, actorUserId: auditLog.actorUserId }).from(auditLog).where(eq(auditLog.organizationId, organizationId))).map((r) => r);
}

beforeAll(async () => {
  await useFreshDatabase();
  await demoCampaign();
  const db = await getDb();
  const [org] = await db.insert(organizations).values({ name: "Prairie Peace Network", slug: "prairie-peace" }).returning({ id: organizations.id });
  orgId = org.id;
  const [other] = await db.insert(organizations).values({ name: "Other Group", slug: "other-group" }).returning({ id: organizations.id });
  owner = await addMember("owner@prairie.example", orgId, "prairie-peace", "owner");
  editor = await addMember("editor@prairie.example", orgId, "prairie-peace", "editor");
  viewer = await addMember("viewer@prairie.example", orgId, "prairie-peace", "viewer");
  otherOwner = await addMember("owner@other.example", other.id, "other-group", "owner");
});
afterAll(resetRuntime);

describe("an owner invites someone by email", () => {
  it("stores a hashed token with a 7-day expiry, mails a sign-in address in every language the site speaks, and audits it", async () => {
    const email = uniqueEmail("invitee");
    const r = await inviteMember(owner, { email: ` ${email.toUpperCase()} `, role: "viewer" });
    expect(r).toMatchObject({ ok: true, refreshed: false, mailed: true });
    const db = await getDb();
    const [inv] = await db.select().from(invitations).where(eq(invitations.organizationId, orgId));
    expect(inv).toMatchObject({ email, role: "viewer", acceptedAt: null, invitedBy: owner.userId });
    expect(inv.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const days = (inv.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(INVITATION_DAYS - 0.01);
    expect(days).toBeLessThan(INVITATION_DAYS + 0.01);

    await processAvailableJobs();

    const mail = await lastMailTo(email);
    // Every language the site speaks, English first: the invitee's language is not known yet.
    expect(mail!.subject).toBe("Invitation to Prairie Peace Network on Constituent / Invitation à rejoindre Prairie Peace Network sur Constituent / Հրավեր՝ միանալու Prairie Peace Network կազմակերպությանը Constituent-ում");
    expect(mail!.text).toMatch(/as Viewer/);
    expect(mail!.text).toContain("avec le rôle «\u00a0Lecture seule\u00a0»");
    expect(mail!.text).toMatch(/http:\/\/localhost:\d+\/en\/org\/sign-in/);
    expect(mail!.text).toMatch(/http:\/\/localhost:\d+\/fr\/org\/sign-in/);

    expect(await mayRequestSignIn(email)).toBe(true);
    const audit = (await auditActions(orgId)).find((a) => a.targetId === inv.id);
    expect(audit).toMatchObject({ action: "member.invite", actorUserId: owner.userId, detail: { email, role: "viewer" } });
  });

  it("inviting the same address again refreshes the one open invitation (new role, new expiry, new token)", async () => {
    const email = uniqueEmail("again");
    await inviteMember(owner, { email, role: "viewer" });
    const db = await getDb();
    const [first] = await db.select().from(invitations).where(eq(invitations.email, email));
    await db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, first.id));
    expect(await mayRequestSignIn(email)).toBe(false);
    const r = await inviteMember(owner, { email, role: "editor" });
    expect(r).toMatchObject({ ok: true, refreshed: true, invitationId: first.id });
    const rows = await db.select().from(invitations).where(eq(invitations.email, email));
    expect(rows).toHaveLength(1);
    expect(rows[0].role).toBe("editor");
    expect(rows[0].tokenHash).not.toBe(first.tokenHash);
    expect(rows[0].expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(await mayRequestSignIn(email)).toBe(true);
  });

  it("the invitee who signs in becomes a member with that role and can switch between organizations", async () => {
    const email = uniqueEmail("joins");
    await inviteMember(owner, { email, role: "editor" });
    const db = await getDb();
    const [u] = await db.insert(users).values({ email }).returning({ id: users.id });
    await db.insert(memberships).values({ organizationId: otherOwner.organizationId, userId: u.id, role: "viewer" });
    expect(await acceptPendingInvitations(u.id, email)).toBe(1);
    expect((await listMyOrganizations(u.id)).map((o) => [o.organizationSlug, o.role])).toEqual([
      ["other-group", "viewer"],
      ["prairie-peace", "editor"],
    ]);
    const listed = await listMembers(owner);
    expect(listed!.members.find((m) => m.email === email)?.role).toBe("editor");
    expect(listed!.invitations.find((i) => i.email === email)).toBeUndefined();
  });

  it("refuses an address that is already a member, and bad input with codes the form can show", async () => {
    expect(await inviteMember(owner, { email: "EDITOR@prairie.example", role: "viewer" })).toEqual({ ok: false, error: "already_member" });
    expect(inviteSchema.safeParse({ email: "nope", role: "viewer" }).error!.issues[0].message).toBe("email.invalid");
    expect(inviteSchema.safeParse({ email: "a@b.example", role: "admin" }).error!.issues[0].message).toBe("members.role.invalid");
  });

  it("keeps an organization name with line breaks from adding headers to the invitation", async () => {
    const db = await getDb();
    const [evil] = await db.insert(organizations).values({ name: "Evil\r\nBcc: victim@example.org", slug: "evil-org" }).returning({ id: organizations.id });
    const evilOwner = await addMember(uniqueEmail("evil-owner"), evil.id, "evil-org", "owner");
    const email = uniqueEmail("target");
    expect(await inviteMember(evilOwner, { email, role: "viewer" })).toMatchObject({ ok: true, mailed: true });
    await processAvailableJobs();
    const mail = await lastMailTo(email);
    expect(mail!.envelopeTo).toEqual([email]);
    expect(Object.keys(mail!.headers).map((k) => k.toLowerCase())).not.toContain("bcc");
    expect(mail!.subject).toContain("Evil Bcc: victim@example.org");
  });

  it("is for owners only: editors, viewers and other organizations see and change nothing", async () => {
    const email = uniqueEmail("sneaky");
    const db = await getDb();
    const before = (await auditActions(orgId)).length;
    for (const a of [editor, viewer]) {
      expect(await inviteMember(a, { email, role: "owner" })).toEqual({ ok: false, error: "not_found" });
      expect(await listMembers(a)).toBeNull();
    }
    expect(await db.select().from(invitations).where(eq(invitations.email, email))).toHaveLength(0);
    await processAvailableJobs();
    expect(await lastMailTo(email)).toBeNull();
    // Another organization's owner cannot revoke or change anything here.
    const [inv] = await db.select().from(invitations).where(and(eq(invitations.organizationId, orgId)));
    expect(await revokeInvitation(otherOwner, inv.id)).toEqual({ ok: false });
    expect(await changeMemberRole(otherOwner, editor.userId, "owner")).toEqual({ ok: false, error: "not_found" });
    expect(await removeMember(otherOwner, editor.userId)).toEqual({ ok: false, error: "not_found" });
    expect(await removeMember(editor, viewer.userId)).toEqual({ ok: false, error: "not_found" });
    expect((await getActorForUser(editor.userId, "prairie-peace"))?.role).toBe("editor");
    expect((await auditActions(orgId)).length).toBe(before);
  });
});

describe("an owner manages members", () => {
  it("withdraws an invitation: the address can no longer ask for a sign-in link", async () => {
    const email = uniqueEmail("withdrawn");
    const r = await inviteMember(owner, { email, role: "viewer" });
    if (!r.ok) throw new Error(r.error);
    expect(await revokeInvitation(owner, r.invitationId)).toEqual({ ok: true });
    expect(await mayRequestSignIn(email)).toBe(false);
    expect(await revokeInvitation(owner, r.invitationId)).toEqual({ ok: false });
    expect((await auditActions(orgId)).some((a) => a.action === "member.revoke_invitation" && a.targetId === r.invitationId)).toBe(true);
  });

  it("changes a role and removes a member, each audited", async () => {
    const extra = await addMember(uniqueEmail("extra"), orgId, "prairie-peace", "viewer");
    expect(await changeMemberRole(owner, extra.userId, "editor")).toEqual({ ok: true });
    expect((await getActorForUser(extra.userId, "prairie-peace"))?.role).toBe("editor");
    expect(await removeMember(owner, extra.userId)).toEqual({ ok: true });
    expect(await getActorForUser(extra.userId, "prairie-peace")).toBeNull();
    const actions = (await auditActions(orgId)).filter((a) => a.targetId === extra.userId).map((a) => [a.action, a.detail]);
    expect(actions).toEqual([
      ["member.role", { from: "viewer", to: "editor" }],
      ["member.remove", expect.objectContaining({ role: "editor" })],
    ]);
  });

  it("never leaves the organization without an owner", async () => {
    expect(await changeMemberRole(owner, owner.userId, "editor")).toEqual({ ok: false, error: "last_owner" });
    expect(await removeMember(owner, owner.userId)).toEqual({ ok: false, error: "last_owner" });
    expect((await getActorForUser(owner.userId, "prairie-peace"))?.role).toBe("owner");
    // With a second owner, the first may step down; then the second is the last one.
    expect(await changeMemberRole(owner, editor.userId, "owner")).toEqual({ ok: true });
    expect(await changeMemberRole(owner, owner.userId, "editor")).toEqual({ ok: true });
    const second = (await getActorForUser(editor.userId, "prairie-peace"))!;
    expect(await removeMember(second, second.userId)).toEqual({ ok: false, error: "last_owner" });
    // Put things back for the other stories.
    expect(await changeMemberRole(second, owner.userId, "owner")).toEqual({ ok: true });
    expect(await changeMemberRole(second, second.userId, "editor")).toEqual({ ok: true });
  });

  it("keeps two owners while exports need a second owner's approval, so one owner cannot demote the other and export alone", async () => {
    const db = await getDb();
    expect(await changeMemberRole(owner, editor.userId, "owner")).toEqual({ ok: true });
    await db.update(organizations).set({ exportApprovalRequired: true }).where(eq(organizations.id, orgId));
    expect(await changeMemberRole(owner, editor.userId, "editor")).toEqual({ ok: false, error: "approval_owners" });
    expect(await removeMember(owner, editor.userId)).toEqual({ ok: false, error: "approval_owners" });
    expect(await changeMemberRole(owner, owner.userId, "viewer")).toEqual({ ok: false, error: "approval_owners" });
    expect((await getActorForUser(editor.userId, "prairie-peace"))?.role).toBe("owner");
    // With approval off (which mails the other owners), the usual rule applies again.
    await db.update(organizations).set({ exportApprovalRequired: false }).where(eq(organizations.id, orgId));
    expect(await changeMemberRole(owner, editor.userId, "editor")).toEqual({ ok: true });
  });

  it("two owners demoting each other at the same time cannot both succeed", async () => {
    const a = await addMember(uniqueEmail("a"), orgId, "prairie-peace", "owner");
    // owner and a are the owners; each demotes the other, and owner also demotes herself.
    const results = await Promise.all([changeMemberRole(a, owner.userId, "viewer"), changeMemberRole(owner, a.userId, "viewer")]);
    const db = await getDb();
    const owners = await db.select().from(memberships).where(and(eq(memberships.organizationId, orgId), eq(memberships.role, "owner")));
    expect(owners.length).toBeGreaterThanOrEqual(1);
    expect(results.filter((r) => r.ok).length).toBeGreaterThanOrEqual(1);
    // Restore the original owner if she was demoted.
    const restorer = (await getActorForUser(owners[0].userId, "prairie-peace"))!;
    await changeMemberRole(restorer, owner.userId, "owner");
  });
});
