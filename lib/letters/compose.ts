import { and, eq, inArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import {
DELIVERED_LETTER_STATUSES,
UNSENT_LETTER_STATUSES,campaignTargets,letters,representatives,
ridings,type LetterStatus
} from "@/db/schema";
import { loadFlow } from "@/lib/signing/flow-store";
import { getDb } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { headerSafe } from "@/lib/server/mail";
import { composeLetter, mpTitle, salutation, type MergeValues } from "./text";
import { personalScore } from "./similarity";
import { openRow, sealerForCampaign } from "@/lib/privacy/encryption";

/** What a letter holds sealed (decision 0027). */
export const SEALED_LETTER_FIELDS = ["subject", "body", "senderName", "senderEmail", "senderPostalCode"] as const;





/* ------------------------------------------------------------------ writing */

/** Markers a supporter might copy from a template: a letter is sent as text, never as a template. */
const TEMPLATE_TAG = /\{\{|\}\}/;
const noTemplateTags = (s: string) => !TEMPLATE_TAG.test(s);

export const LETTER_BODY_MAX = 8000;
export const LETTER_PERSONAL_MAX = 4000;

export const letterInputSchema = z.object({
  representativeId: z.uuid(),
  subject: z
    .string()
    .transform((s) => headerSafe(s, 200))
    .pipe(z.string().min(1, "letter.subject").refine(noTemplateTags, "letter.templateTag")),
  personal: z
    .string()
    .default("")
    .transform((s) => s.replace(/\r\n/g, "\n").trim())
    .pipe(z.string().max(LETTER_PERSONAL_MAX, "letter.personalTooLong").refine(noTemplateTags, "letter.templateTag")),
  /** The letter with the personal slot shown as the reader's own-words marker (personalSlot). */
  body: z
    .string()
    .transform((s) => s.replace(/\r\n/g, "\n").trim())
    .pipe(z.string().min(1, "letter.body").max(LETTER_BODY_MAX, "letter.tooLong").refine(noTemplateTags, "letter.templateTag")),
});
export type LetterInput = z.output<typeof letterInputSchema>;

export interface LetterDraft {
  id: string;
  status: LetterStatus;
  subject: string;
  /** With {{personal_paragraph}} where the supporter's own words go. */
  body: string;
  personal: string;
  personalScore: number;
}

const PERSONAL_MARK = "\u2063"; // invisible separator: lets us recover the personal paragraph from a stored draft

export type SaveDraftResult = { ok: true; letterId: string } | { ok: false; error: "letter.held" | "letter.notATarget" | "session.expired" };

/**
 * Saves (or updates) a draft in the writer's flow, to one of the flow's targets. The sender is
 * the flow's: the name, address, postal code and riding this browser gave.
 */
export async function saveLetterDraft(flowId: string, campaignId: string, input: LetterInput, templateForScore: string): Promise<SaveDraftResult> {
  const db = await getDb();
  const flow = await loadFlow(db, flowId, { campaignId });
  if (!flow) return { ok: false, error: "session.expired" };
  // Authorisation in the domain, not only the page: only the flow's own MP or the campaign's named targets.
  if (!(await targetsOf(flow)).some((t) => t.representativeId === input.representativeId)) return { ok: false, error: "letter.notATarget" };
  const score = personalScore(composeLetter(input.body, input.personal), templateForScore);
  // The letter and its sender are sealed under the organization's key (decision 0027).
  const seal = await sealerForCampaign(db, flow.campaignId);
  const stored = seal(`${input.body}${PERSONAL_MARK}${input.personal}`) as string;
  const subject = seal(input.subject) as string;
  const sender = { senderName: seal(flow.name), senderEmail: seal(flow.email), senderPostalCode: seal(flow.postalCode), senderRidingFedNum: flow.ridingFedNum };
  const id = crypto.randomUUID();
  const rows = await db
    .insert(letters)
    .values({
      id,
      campaignId: flow.campaignId,
      signatureId: flow.signatureId,
      flowId: flow.id,
      representativeId: input.representativeId,
      status: "draft",
      subject,
      body: stored,
      personalScore: score,
      ...sender,
      messageId: `<letter-${id}@${env().MAIL_FROM_DOMAIN}>`,
    })
    .onConflictDoUpdate({
      target: [letters.flowId, letters.representativeId],
      targetWhere: sql`status in ('draft', 'held')`,
      set: {
        subject,
        body: stored,
        personalScore: score,
        ...sender,
      },
      setWhere: eq(letters.status, "draft"),
    })
    .returning({ id: letters.id });
  if (rows.length === 0) return { ok: false, error: "letter.held" };
  return { ok: true, letterId: rows[0].id };
}

export function splitStored(stored: string): { body: string; personal: string } {
  const i = stored.indexOf(PERSONAL_MARK);
  return i < 0 ? { body: stored, personal: "" } : { body: stored.slice(0, i), personal: stored.slice(i + 1) };
}

/** The flow's own unsent letter to one office (draft, or held for approval), if any. */
export async function getLetterDraft(flowId: string, representativeId: string): Promise<LetterDraft | null> {
  const db = await getDb();
  const [l] = await db
    .select()
    .from(letters)
    .where(and(eq(letters.flowId, flowId), eq(letters.representativeId, representativeId), inArray(letters.status, UNSENT_LETTER_STATUSES)));
  if (!l) return null;
  await openRow(db, l, SEALED_LETTER_FIELDS);
  const { body, personal } = splitStored(l.body);
  return { id: l.id, status: l.status, subject: l.subject, body, personal, personalScore: l.personalScore };
}

export interface TargetProgress {
  representativeId: string;
  /** What this browser may know: its own letter's state, and (once proven) whether the address already wrote. */
  state: "none" | "draft" | "held" | "sent";
}

/**
 * Where the writer stands with each target: this flow's own drafts and held letters and, only
 * for a proven flow, the letters the address has already sent. Never anything of other flows.
 */
export async function listTargetProgress(flowId: string, campaignId: string): Promise<TargetProgress[]> {
  const db = await getDb();
  const flow = await loadFlow(db, flowId, { campaignId });
  if (!flow) return [];
  const targets = await targetsOf(flow);
  const own = await db
    .select({ representativeId: letters.representativeId, status: letters.status })
    .from(letters)
    .where(and(eq(letters.flowId, flow.id), inArray(letters.status, [...UNSENT_LETTER_STATUSES, ...DELIVERED_LETTER_STATUSES])));
  const delivered = flow.proven
    ? await db
        .select({ representativeId: letters.representativeId })
        .from(letters)
        .where(and(eq(letters.signatureId, flow.signatureId), inArray(letters.status, DELIVERED_LETTER_STATUSES)))
    : [];
  return targets.map((t) => {
    const mine = own.find((l) => l.representativeId === t.representativeId);
    const sent = delivered.some((d) => d.representativeId === t.representativeId) || (mine && (DELIVERED_LETTER_STATUSES as readonly string[]).includes(mine.status));
    return { representativeId: t.representativeId, state: sent ? "sent" : mine?.status === "held" ? "held" : mine ? "draft" : "none" };
  });
}
/* ------------------------------------------------------------------ what the supporter may write */

export interface LetterTarget {
  representativeId: string;
  name: string;
  honourable: boolean;
  party: string | null;
  email: string | null;
  ridingNameEn: string;
  ridingNameFr: string;
}

/**
 * The representatives a flow may write to in its campaign: the MP of the riding it chose, when
 * the campaign targets each supporter's MP, and the campaign's named targets. Residents only.
 */
export async function listLetterTargets(flowId: string, campaignId: string): Promise<LetterTarget[]> {
  const db = await getDb();
  const flow = await loadFlow(db, flowId, { campaignId });
  return flow ? targetsOf(flow) : [];
}

async function targetsOf(flow: { campaignId: string; residency: string; ridingFedNum: string | null }): Promise<LetterTarget[]> {
  if (flow.residency !== "resident") return [];
  const db = await getDb();
  const targets = await db.select().from(campaignTargets).where(eq(campaignTargets.campaignId, flow.campaignId));
  const wantsOwn = targets.some((t) => t.kind === "own_mp");
  const named = targets.filter((t) => t.kind === "representative" && t.representativeId).map((t) => t.representativeId as string);
  const rows = await db
    .select({
      representativeId: representatives.id,
      name: representatives.name,
      honourable: representatives.honourable,
      email: representatives.email,
      party: representatives.party,
      ridingFedNum: representatives.ridingFedNum,
      ridingNameEn: ridings.nameEn,
      ridingNameFr: ridings.nameFr,
    })
    .from(representatives)
    .innerJoin(ridings, eq(ridings.fedNum, representatives.ridingFedNum))
    .where(
      and(
        eq(representatives.current, true),
        or(
          named.length ? inArray(representatives.id, named) : undefined,
          wantsOwn && flow.ridingFedNum ? eq(representatives.ridingFedNum, flow.ridingFedNum) : undefined,
          sql`false`,
        ),
      ),
    );
  // Own MP first, then named targets in the campaign's order.
  const rank = (r: { representativeId: string; ridingFedNum: string }) => (r.ridingFedNum === flow.ridingFedNum && wantsOwn ? -1 : named.indexOf(r.representativeId));
  return rows.sort((a, b) => rank(a) - rank(b)).map(({ ridingFedNum: _r, ...t }) => t);
}

/** The merge values for one supporter writing to one target, in the template's language. */
export function mergeValuesFor(
  target: LetterTarget,
  supporter: { name: string; postalCode: string | null },
  locale: string,
): Omit<MergeValues, "personal_paragraph"> {
  return {
    salutation: salutation(target, locale),
    mp_name: target.name,
    mp_title: mpTitle(target, locale),
    riding: locale === "fr" ? target.ridingNameFr || target.ridingNameEn : target.ridingNameEn,
    supporter_name: supporter.name,
    postal_code: supporter.postalCode ?? "",
  };
}
