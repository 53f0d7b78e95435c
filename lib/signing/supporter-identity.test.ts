import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { letters, signatures, signingFlows } from "@/db/schema";
import { resetRuntime, useFreshDatabase } from "@/test/db";
import { addMember, codeFrom, letterInput, confirmFromMailbox, demoCampaign, lastMailTo, sign, uniqueEmail, uniqueIp } from "@/test/journey";
import { getDb } from "@/lib/server/db";
import { chooseFlowRiding, getFlow, MAX_CODE_FAILURES, proveFlowByCode } from "./flows";
import { getLetterDraft, listLetterTargets, listTargetProgress, saveLetterDraft } from "@/lib/letters/compose";
import { submitLetter } from "@/lib/letters/lifecycle";
import { listSinkMessages } from "@/lib/server/mail-sink";
import { inviteMember, INVITATION_MAILS_PER_DAY } from "@/lib/organizer/members";
import { decideLetterByToken, getLetterForApproval } from "./approve-letter";
import { getSupporterStatus } from "./status";
import { resendForFlow } from "./sign";
import { processAvailableJobs } from "@/lib/jobs/worker";

/**
 * Issue #10's four attacks, by someone who knows an activist's address and types it into our
 * forms. Each of these failed before signing flows (decision 0014): the same assertions, written
 * against the old API, are kept in the issue's note with their failures.
 */

const SCARBOROUGH_GUILDWOOD = "35094"; // one of M1G's two ridings
let campaignId: string;
beforeAll(async () => {
  await useFreshDatabase();
  campaignId = (await demoCampaign()).id;
});
afterAll(resetRuntime);

async function draftAndSend(flowId: string, personal: string, body = "Dear MP,\n\n{{personal_paragraph}}\n\nSincerely") {
  const [target] = await listLetterTargets(flowId, campaignId);
  const saved = await saveLetterDraft(flowId, campaignId, letterInput({ representativeId: target.representativeId, subject: "Permits", body, personal }), "");
  if (!saved.ok) throw new Error(saved.error);
  return { target, letterId: saved.letterId, submitted: await submitLetter(flowId, campaignId, saved.letterId) };
}

describe("someone who types a supporter's address into the sign form", () => {
  it("sees only what they typed, never her name, postal code, riding or draft", async () => {
    const email = uniqueEmail("victim");
    const victim = await sign({ email, name: "Nare Hakobyan", postalCode: "M1G 3T8" });
    await chooseFlowRiding(victim.flowId, campaignId, SCARBOROUGH_GUILDWOOD);
    const [target] = await listLetterTargets(victim.flowId, campaignId);
    await saveLetterDraft(victim.flowId, campaignId, letterInput({ representativeId: target.representativeId, subject: "S", body: "Dear MP,\n\n{{personal_paragraph}}", personal: "my secret words" }), "");

    const attacker = await sign({ email: email.toUpperCase(), name: "Eve Watcher", postalCode: "K1A 0A6" });
    const seen = await getFlow(attacker.flowId, campaignId);
    expect(seen).toMatchObject({ name: "Eve Watcher", postalCode: "K1A 0A6", ridingFedNum: null, email: email.toUpperCase(), proven: false });
    expect(await getLetterDraft(attacker.flowId, target.representativeId)).toBeNull();
    expect(await listLetterTargets(attacker.flowId, campaignId)).toEqual([]);
    // Her own browser still has her draft; the re-sign created no signature.
    expect((await getLetterDraft(victim.flowId, target.representativeId))?.personal).toBe("my secret words");
    expect(attacker.signatureId).toBe(victim.signatureId);
    expect(attacker.fresh).toBe(false);
  });

  it("cannot move her riding, and a new signer's flow is told nothing more than a re-signer's", async () => {
    const email = uniqueEmail("riding");
    const victim = await sign({ email, postalCode: "M1G 3T8" });
    await chooseFlowRiding(victim.flowId, campaignId, SCARBOROUGH_GUILDWOOD);
    const attacker = await sign({ email, postalCode: "K1A 0A6" });
    await chooseFlowRiding(attacker.flowId, campaignId, "35079");
    const db = await getDb();
    const [s] = await db.select({ riding: signatures.ridingFedNum }).from(signatures).where(eq(signatures.id, victim.signatureId));
    expect(s.riding).toBe(SCARBOROUGH_GUILDWOOD);
    const fresh = await sign({ email: uniqueEmail("fresh"), postalCode: "K1A 0A6" });
    const keys = (v: object | null) => Object.keys(v ?? {}).sort();
    expect(keys(await getFlow(fresh.flowId, campaignId))).toEqual(keys(await getFlow(attacker.flowId, campaignId)));
  });
});

describe("a letter written after re-signing with someone's address", () => {
  it("does not reach her MP when she confirms her own signature; she is mailed it in full and may refuse it", async () => {
    const email = uniqueEmail("victim2");
    const victim = await sign({ email, name: "Lilit Avetisyan", postalCode: "M1G 3T8" });
    await processAvailableJobs();
    const attacker = await sign({ email, name: "Lilit Avetisyan", postalCode: "M1G 3T8" });
    await chooseFlowRiding(attacker.flowId, campaignId, SCARBOROUGH_GUILDWOOD);
    const { target, letterId, submitted } = await draftAndSend(attacker.flowId, "ATTACKER WORDS");
    expect(submitted).toEqual({ ok: true, status: "held" });

    // She confirms from her own email, in her own browser.
    const confirmed = await confirmFromMailbox(email, victim.flowId);
    expect(confirmed.lettersReleased).toBe(0);
    await processAvailableJobs();
    const office = await listSinkMessages({ to: target.email ?? "" });
    expect(office.filter((m) => (m.text ?? "").includes("ATTACKER WORDS"))).toHaveLength(0);
    const db = await getDb();
    expect((await db.select({ status: letters.status }).from(letters).where(eq(letters.id, letterId)))[0].status).toBe("held");

    // Her mailbox shows her the letter in full; she refuses it, and its text is gone.
    const approval = (await listSinkMessages({ to: email })).find((m) => m.subject?.startsWith("Send your letter"));
    expect(approval?.text).toContain("ATTACKER WORDS");
    expect(approval?.text).toContain(`"Lilit Avetisyan via Constituent"`);
    const token = /\/approve\/([A-Za-z0-9_-]+)/.exec(approval!.text!)![1];
    expect((await getLetterForApproval(token))?.mail.text).toContain("ATTACKER WORDS");
    expect(await decideLetterByToken(token, "refuse")).toMatchObject({ ok: true, outcome: "refused" });
    const [after] = await db.select({ status: letters.status, body: letters.body, senderName: letters.senderName }).from(letters).where(eq(letters.id, letterId));
    expect(after).toEqual({ status: "cancelled", body: "", senderName: null });
    expect(await decideLetterByToken(token, "send")).toEqual({ ok: false, error: "token.invalid" });
  });

  it("is sent when the address's owner approves that exact letter from her mailbox", async () => {
    const email = uniqueEmail("approver");
    await sign({ email, postalCode: "M1G 3T8" });
    const other = await sign({ email, postalCode: "M1G 3T8" });
    await chooseFlowRiding(other.flowId, campaignId, SCARBOROUGH_GUILDWOOD);
    const { target } = await draftAndSend(other.flowId, "Words she did write, on her laptop.");
    await processAvailableJobs();
    const approval = (await listSinkMessages({ to: email })).find((m) => m.subject?.startsWith("Send your letter"))!;
    const token = /\/approve\/([A-Za-z0-9_-]+)/.exec(approval.text!)![1];
    const r = await decideLetterByToken(token, "send");
    expect(r).toMatchObject({ ok: true, outcome: "queued" });
    await processAvailableJobs();
    const office = (await listSinkMessages({ to: target.email ?? "" })).filter((m) => (m.text ?? "").includes("Words she did write"));
    expect(office).toHaveLength(1);
    // Approving proved the address: her signature counts now.
    const db = await getDb();
    expect((await db.select({ status: signatures.status }).from(signatures).where(eq(signatures.id, other.signatureId)))[0].status).toBe("confirmed");
  });

  it("from a browser that then types the code from the mailbox, leaves at once: the writer proved the address", async () => {
    const email = uniqueEmail("samebrowser");
    const s = await sign({ email, postalCode: "M1G 3T8" });
    await chooseFlowRiding(s.flowId, campaignId, SCARBOROUGH_GUILDWOOD);
    const { target } = await draftAndSend(s.flowId, "My own words, typed on my phone.");
    await processAvailableJobs();
    const code = codeFrom((await listSinkMessages({ to: email })).find((m) => m.subject?.startsWith("Confirm your signature"))!.text);
    const r = await proveFlowByCode(s.flowId, campaignId, code, uniqueIp());
    expect(r).toMatchObject({ ok: true, lettersReleased: 1 });
    await processAvailableJobs();
    expect((await listSinkMessages({ to: target.email ?? "" })).filter((m) => (m.text ?? "").includes("My own words, typed on my phone."))).toHaveLength(1);
    // Now proven, the browser writes again without asking anyone: nothing to write, the office has hers.
    expect((await listTargetProgress(s.flowId, campaignId))[0].state).toBe("sent");
  });
});

describe("guessing the 6-digit code", () => {
  it("gets a fixed number of tries over the signature's whole life, resends included", async () => {
    const email = uniqueEmail("guess");
    const s = await sign({ email });
    await processAvailableJobs();
    for (let round = 0; round < 3; round++) {
      const code = codeFrom((await lastMailTo(email))!.text);
      const wrong = code === "000000" ? "111111" : "000000";
      for (let i = 0; i < 5; i++) await proveFlowByCode(s.flowId, campaignId, wrong, uniqueIp());
      await resendForFlow(s.flowId, campaignId);
      await processAvailableJobs();
    }
    const code = codeFrom((await lastMailTo(email))!.text);
    expect(await proveFlowByCode(s.flowId, campaignId, code, uniqueIp())).toEqual({ ok: false, error: "code.tooMany" });
    const db = await getDb();
    expect((await db.select({ n: signatures.codeFailures }).from(signatures).where(eq(signatures.id, s.signatureId)))[0].n).toBe(MAX_CODE_FAILURES);
  });

  it("from one network address is cut off across signatures, even with a right code", async () => {
    const ip = uniqueIp();
    const targets = [];
    for (let i = 0; i < 3; i++) targets.push(await sign({ email: uniqueEmail("ipguess") }));
    await processAvailableJobs();
    for (let i = 0; i < 21; i++) await proveFlowByCode(targets[i % 2].flowId, campaignId, "000001", ip);
    const right = codeFrom((await lastMailTo((await getFlow(targets[2].flowId, campaignId))!.email))!.text);
    expect(await proveFlowByCode(targets[2].flowId, campaignId, right, ip)).toEqual({ ok: false, error: "code.tooMany" });
    expect((await proveFlowByCode(targets[2].flowId, campaignId, right, uniqueIp())).ok).toBe(true);
  });
});

describe("a signer caught by the rate limit or a block list", () => {
  it("is flagged and no email leaves for the address they typed, a re-sign included", async () => {
    const first = uniqueEmail("burst1");
    const second = uniqueEmail("burst2");
    const known = uniqueEmail("known");
    await sign({ email: known });
    await processAvailableJobs();
    await sign({ email: first }, undefined, "203.0.113.77");
    const flagged = await sign({ email: second }, undefined, "203.0.113.77");
    await sign({ email: known }, undefined, "203.0.113.77");
    await processAvailableJobs();
    expect(await listSinkMessages({ to: first })).toHaveLength(1);
    expect(await listSinkMessages({ to: second })).toHaveLength(0);
    expect(await listSinkMessages({ to: known })).toHaveLength(1);
    const db = await getDb();
    const [f] = await db.select({ flag: signingFlows.flagReason }).from(signingFlows).where(eq(signingFlows.id, flagged.flowId));
    expect(f.flag).toBe("rate_limit:ip");
  });

  it("writes a letter that mails nobody either", async () => {
    const email = uniqueEmail("flaggedwriter");
    await sign({ email: uniqueEmail("first") }, undefined, "203.0.113.78");
    const s = await sign({ email, postalCode: "M1G 3T8" }, undefined, "203.0.113.78");
    await chooseFlowRiding(s.flowId, campaignId, SCARBOROUGH_GUILDWOOD);
    await draftAndSend(s.flowId, "Words");
    await processAvailableJobs();
    expect(await listSinkMessages({ to: email })).toHaveLength(0);
  });
});

describe("an owner inviting the same address again and again", () => {
  it("emails it at most three times a day", async () => {
    const campaign = await demoCampaign();
    const owner = await addMember(uniqueEmail("owner"), campaign.organizationId, "demo-northern-lights", "owner");
    const invitee = uniqueEmail("flooded");
    const results = [];
    for (let i = 0; i < INVITATION_MAILS_PER_DAY + 2; i++) results.push(await inviteMember(owner, { email: invitee, role: "viewer" }));
    expect(results.map((r) => r.ok && r.capped)).toEqual([false, false, false, true, true]);
    await processAvailableJobs();
    expect(await listSinkMessages({ to: invitee })).toHaveLength(INVITATION_MAILS_PER_DAY);
  });
});

describe("a status link", () => {
  it("shows where letters stand but lets nobody write in the supporter's name from a browser without proof", async () => {
    const email = uniqueEmail("status");
    const s = await sign({ email, postalCode: "M1G 3T8" });
    await processAvailableJobs();
    const manage = /\/s\/([A-Za-z0-9_-]+)/.exec((await lastMailTo(email))!.text!)![1];
    expect((await getSupporterStatus(manage, { flowId: null }))?.mayWriteHere).toBe(false);
    expect((await getSupporterStatus(manage, { flowId: s.flowId }))?.mayWriteHere).toBe(false);
    const confirmed = await confirmFromMailbox(email, s.flowId);
    expect((await getSupporterStatus(manage, { flowId: confirmed.flowId }))?.mayWriteHere).toBe(true);
  });
});
