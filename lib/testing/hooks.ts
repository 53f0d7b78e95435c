import { createOrganizationKey, organizationScope, sealerFor } from "@/lib/privacy/encryption";
import { addressHasher } from "@/lib/privacy/suppression";
import { applyCampaignRetention } from "@/lib/privacy/retention";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import {
  campaignContent,
  campaigns,
  campaignSources,
  campaignTargets,
  letterTemplates,
  memberships,
  organizations,
  rateLimitHits,
  signatures,
  supporters,
  users,
} from "@/db/schema";
import { DEMO_CAMPAIGN_SLUG } from "@/db/seed";
import { countDueJobs } from "@/lib/jobs/queue";
import { getDb } from "@/lib/server/db";
import { env, isMailSink } from "@/lib/server/env";
import { listSinkMessages } from "@/lib/server/mail-sink";
import { sendDueDigests } from "@/lib/offices/digest";

/**
 * Every hook that end-to-end tests and benchmarks use, and nothing else uses, in one module. It
 * is reached only through app/api/test-hooks/[hook]/route.test-hooks.ts, a file Next compiles
 * only into the build made with CONSTITUENT_TEST_HOOKS=1 (next.config.ts, distDir .next-test),
 * and the same variable must be set when that build is started: two locks, one flag.
 * docs/decisions/0018-test-hooks-and-parallel-e2e.md.
 */
export function testHooksEnabled(): boolean {
  return env().CONSTITUENT_TEST_HOOKS;
}

/* ------------------------------------------------------------------ a world of one's own */

export const testWorldSchema = z.object({
  /** Lower-case letters, digits and hyphens: becomes part of slugs and addresses. */
  tag: z.string().regex(/^[a-z0-9][a-z0-9-]{2,40}$/),
  /** Confirmed signatures (supporters abroad) the campaign starts with. */
  supporters: z.number().int().min(0).max(500).default(0),
  /** A platform organization: its owner imports the MP directory and opens the platform to groups. */
  platform: z.boolean().default(false),
});
export type TestWorldInput = z.input<typeof testWorldSchema>;

export interface TestWorld {
  orgSlug: string;
  orgName: string;
  campaignId: string;
  campaignSlug: string;
  campaignTitle: string;
  campaignTitleFr: string;
  owner: string;
  editor: string;
  viewer: string;
  supporters: string[];
}

/**
 * A fresh organization (owner, editor and viewer, each able to sign in by email) with one
 * published campaign whose content (English and French), sources, targets and letter templates
 * are the demo campaign's, under a title of its own; optionally with confirmed supporters. A test that counts
 * signatures, moderates or changes settings does it here, so tests can run side by side and assert
 * exact figures.
 */
export async function createTestWorld(raw: unknown): Promise<TestWorld> {
  const { tag, supporters: supporterCount, platform } = testWorldSchema.parse(raw);
  const db = await getDb();
  const world: TestWorld = {
    orgSlug: `t-${tag}`,
    orgName: `Test group ${tag}`,
    campaignId: "",
    campaignSlug: `t-${tag}-campaign`,
    campaignTitle: `Sensors on trial ${tag}`,
    campaignTitleFr: `Capteurs en procès ${tag}`,
    owner: `owner.${tag}@example.org`,
    editor: `editor.${tag}@example.org`,
    viewer: `viewer.${tag}@example.org`,
    supporters: Array.from({ length: supporterCount }, (_, i) => `supporter${i + 1}.${tag}@example.org`),
  };
  let organizationId = "";
  await db.transaction(async (tx) => {
    const [demo] = await tx.select().from(campaigns).where(eq(campaigns.slug, DEMO_CAMPAIGN_SLUG));
    if (!demo) throw new Error("the demo campaign is missing (SEED_DEMO)");
    const [org] = await tx
      .insert(organizations)
      .values({ name: world.orgName, slug: world.orgSlug, contactEmail: `contact.${tag}@example.org`, defaultLocale: "en", isPlatformAdmin: platform })
      .returning({ id: organizations.id });
    let ownerId = "";
    for (const [email, role] of [
      [world.owner, "owner"],
      [world.editor, "editor"],
      [world.viewer, "viewer"],
    ] as const) {
      const [u] = await tx.insert(users).values({ email, name: `${role} ${tag}` }).returning({ id: users.id });
      await tx.insert(memberships).values({ organizationId: org.id, userId: u.id, role });
      if (role === "owner") ownerId = u.id;
    }
    const [campaign] = await tx
      .insert(campaigns)
      .values({
        organizationId: org.id,
        slug: world.campaignSlug,
        status: "published",
        // English and French, like the stories written against it; a story that needs Armenian content adds it.
        locales: demo.locales.filter((l) => l !== "hy"),
        signatureGoal: demo.signatureGoal,
        publishedAt: new Date(),
        createdBy: ownerId,
      })
      .returning({ id: campaigns.id });
    world.campaignId = campaign.id;
    const content = (await tx.select().from(campaignContent).where(eq(campaignContent.campaignId, demo.id))).filter((c) => c.locale !== "hy");
    await tx
      .insert(campaignContent)
      .values(content.map((c) => ({ ...c, campaignId: campaign.id, title: c.locale === "fr" ? world.campaignTitleFr : world.campaignTitle })));
    const sources = await tx.select().from(campaignSources).where(eq(campaignSources.campaignId, demo.id));
    if (sources.length) await tx.insert(campaignSources).values(sources.map(({ id: _id, ...s }) => ({ ...s, campaignId: campaign.id })));
    const targets = await tx.select().from(campaignTargets).where(eq(campaignTargets.campaignId, demo.id));
    if (targets.length) await tx.insert(campaignTargets).values(targets.map(({ id: _id, ...t }) => ({ ...t, campaignId: campaign.id })));
    const templates = await tx.select().from(letterTemplates).where(eq(letterTemplates.campaignId, demo.id));
    if (templates.length) await tx.insert(letterTemplates).values(templates.map(({ id: _id, ...t }) => ({ ...t, campaignId: campaign.id })));
    await createOrganizationKey(tx, org.id);
    organizationId = org.id;
  });
  // Sealed as signing seals them (decision 0027), once the organization's key is committed.
  const [seal, sealAddress, hash] = await Promise.all([sealerFor(db, organizationScope(organizationId)), sealerFor(db, "platform"), addressHasher(db)]);
  await db.transaction(async (tx) => {
    for (const email of world.supporters) {
      const [s] = await tx.insert(supporters).values({ email: sealAddress(email) as string, emailHash: hash(email), locale: "en" }).returning({ id: supporters.id });
      await tx.insert(signatures).values({
        campaignId: world.campaignId,
        supporterId: s.id,
        status: "confirmed",
        name: seal(`Supporter ${tag}`) as string,
        email: seal(email),
        emailDomain: email.split("@")[1],
        residency: "citizen_abroad",
        locale: "en",
        confirmedAt: new Date(),
      });
    }
  });
  return world;
}

/* ------------------------------------------------------------------ benchmarks */

/** One plain insert with no validation, transaction or job: what signing is compared against. */
export async function insertBaselineRow(): Promise<void> {
  const db = await getDb();
  await db.insert(rateLimitHits).values({ key: "bench:baseline" });
}

/**
 * Staleness benchmark: confirms up to `n` pending signatures of a campaign straight in the
 * database (as another instance's confirmations would, without touching this instance's count
 * cache) and returns the true confirmed count afterwards.
 */
export async function confirmPendingBehindCache(campaignSlug: string, n: number): Promise<number | null> {
  const db = await getDb();
  const [c] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.slug, campaignSlug));
  if (!c) return null;
  await db.execute(sql`
    update ${signatures} set status = 'confirmed', confirmed_at = now()
    where id in (select id from ${signatures} where campaign_id = ${c.id} and status = 'pending' limit ${n})`);
  const [{ count }] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(signatures)
    .where(and(eq(signatures.campaignId, c.id), eq(signatures.status, "confirmed")));
  return count;
}

/* ------------------------------------------------------------------ the one route */

const notFound = () => new Response("not found\n", { status: 404 });
const json = (body: unknown) => Response.json(body, { headers: { "cache-control": "no-store" } });

/**
 * GET  queue            → { due }: mail and letter jobs due or running (tests wait for 0)
 * GET  mailbox?to=      → { messages }: the local sink's messages to one address, newest first
 * POST world            → TestWorld (body: TestWorldInput)
 * POST baseline         → one bare insert (benchmarks' baseline)
 * POST confirm-pending?campaign=&n= → { confirmed } (benchmarks' staleness probe)
 * POST digest?office=address → { digests, letters }: sends that office's waiting letters as a digest now
 * POST retention?now=ISO&campaign=id → { warned, anonymised }: one campaign's retention at a test clock
 */
export async function handleTestHook(method: "GET" | "POST", hook: string, request: Request): Promise<Response> {
  if (!testHooksEnabled()) return notFound();
  const url = new URL(request.url);
  if (method === "GET" && hook === "queue") return json({ due: await countDueJobs() });
  if (method === "GET" && hook === "mailbox") {
    if (!isMailSink()) return notFound();
    return json({ messages: await listSinkMessages({ to: url.searchParams.get("to") ?? undefined, limit: 50 }) });
  }
  if (method === "POST" && hook === "world") {
    const parsed = testWorldSchema.safeParse(await request.json().catch(() => null));
    if (!parsed.success) return Response.json({ error: parsed.error.issues }, { status: 400 });
    return json(await createTestWorld(parsed.data));
  }
  if (method === "POST" && hook === "baseline") {
    await insertBaselineRow();
    return json({ ok: true });
  }
  if (method === "POST" && hook === "confirm-pending") {
    const n = Math.min(100, Math.max(0, Number(url.searchParams.get("n") ?? "5") || 0));
    const count = await confirmPendingBehindCache(String(url.searchParams.get("campaign") ?? ""), n);
    return count === null ? notFound() : json({ confirmed: count });
  }
  if (method === "POST" && hook === "digest") {
    const office = z.email().safeParse(url.searchParams.get("office"));
    if (!office.success) return Response.json({ error: "office (an address) is required" }, { status: 400 });
    return json(await sendDueDigests({ office: office.data, force: true }));
  }
  if (method === "POST" && hook === "retention") {
    const now = z.iso.datetime().safeParse(url.searchParams.get("now"));
    const campaignId = z.uuid().safeParse(url.searchParams.get("campaign"));
    if (!now.success || !campaignId.success) return Response.json({ error: "now (ISO date-time) and campaign (id) are required" }, { status: 400 });
    return json(await applyCampaignRetention(new Date(now.data), { campaignId: campaignId.data }));
  }
  return notFound();
}
