import { and, eq, ne } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { createTranslator } from "next-intl";
import { z } from "zod";
import { auditLog, campaignContent, campaigns, exportRequests, memberships, organizations, users } from "@/db/schema";
import { formatDateTime, intlConfig, LOCALES, messageFor, translator } from "@/lib/i18n";
import { paths } from "@/lib/paths";
import { getDb } from "@/lib/server/db";
import { publicUrl } from "@/lib/server/env";
import { platformAddress, sendMail } from "@/lib/server/mail";

/**
 * The emails of export approval (decision 0025), sent by the worker from a job written in the same
 * transaction as the act: a request (to every other owner), a decision (to the requester), and
 * approval turned off (to every other owner). In every language the site speaks, as invitations are:
 * an organizer account has no language of its own. No link in them carries a secret: the reader
 * signs in. Each mail is built from the database as it stands when the job runs, so a request
 * decided meanwhile is not announced as waiting.
 */
export const exportNoticeSchema = z.discriminatedUnion("notice", [
  z.object({ notice: z.literal("request"), exportRequestId: z.uuid() }),
  z.object({ notice: z.literal("decided"), exportRequestId: z.uuid() }),
  z.object({ notice: z.literal("approvalOff"), organizationId: z.uuid(), byUserId: z.string().min(1).max(100), at: z.iso.datetime() }),
]);
export type ExportNotice = z.infer<typeof exportNoticeSchema>;

type Filter = { status?: unknown; province?: unknown } | null;

function filterText(locale: string, filter: Filter): string {
  const t = translator(locale);
  const status = messageFor(t, "organizer.dashboard.exportStatuses", String(filter?.status ?? "confirmed"));
  const province = typeof filter?.province === "string" && filter.province ? messageFor(t, "organizer.provinces", filter.province) : t("exports.anyProvince");
  return t("exports.filter", { status, province });
}

/** The three languages of one message, subject and body, joined as invitations are. */
function mailInEveryLanguage(build: (locale: string) => { subject: string; body: string }) {
  const parts = LOCALES.map(build);
  return { subject: parts.map((p) => p.subject).join(" / "), text: `${parts.map((p) => p.body).join("\n\n----\n\n")}\n` };
}

async function send(to: string[], mail: { subject: string; text: string }) {
  for (const address of to) await sendMail({ from: platformAddress("no-reply", "Constituent"), to: { address }, subject: mail.subject, text: mail.text });
}

async function otherOwners(organizationId: string, exceptUserId: string | null): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, "owner"), exceptUserId ? ne(memberships.userId, exceptUserId) : undefined));
  return rows.map((r) => r.email);
}

async function loadRequest(exportRequestId: string) {
  const db = await getDb();
  const requester = alias(users, "requester");
  const decider = alias(users, "decider");
  const [r] = await db
    .select({
      id: exportRequests.id,
      status: exportRequests.status,
      organizationId: exportRequests.organizationId,
      campaignId: exportRequests.campaignId,
      requestedBy: exportRequests.requestedBy,
      requesterEmail: requester.email,
      deciderEmail: decider.email,
      expiresAt: exportRequests.expiresAt,
      organization: organizations.name,
      org: organizations.slug,
      locales: campaigns.locales,
    })
    .from(exportRequests)
    .innerJoin(organizations, eq(organizations.id, exportRequests.organizationId))
    .innerJoin(campaigns, and(eq(campaigns.id, exportRequests.campaignId), eq(campaigns.organizationId, exportRequests.organizationId)))
    .leftJoin(requester, eq(requester.id, exportRequests.requestedBy))
    .leftJoin(decider, eq(decider.id, exportRequests.decidedBy))
    .where(eq(exportRequests.id, exportRequestId));
  if (!r) return null;
  const content = await db.select({ locale: campaignContent.locale, title: campaignContent.title }).from(campaignContent).where(eq(campaignContent.campaignId, r.campaignId));
  const title = (content.find((x) => x.locale === r.locales[0]) ?? content[0])?.title ?? "";
  const [a] = await db
    .select({ detail: auditLog.detail })
    .from(auditLog)
    .where(and(eq(auditLog.organizationId, r.organizationId), eq(auditLog.action, "export.request"), eq(auditLog.targetId, r.id)))
    .limit(1);
  return { ...r, title, filter: (a?.detail?.filter ?? null) as Filter };
}

/** The worker's half of the export-notice queue. An unreadable job sends nothing. */
export async function sendExportNoticeMail(data: unknown): Promise<void> {
  const parsed = exportNoticeSchema.safeParse(data);
  if (!parsed.success) return;
  const notice = parsed.data;
  if (notice.notice === "approvalOff") return sendApprovalOffMail(notice);
  const r = await loadRequest(notice.exportRequestId);
  if (!r) return;
  const url = (locale: string) => `${publicUrl()}${paths.org.campaignExport(locale, r.org, r.campaignId)}`;
  if (notice.notice === "request") {
    if (r.status !== "requested") return;
    const mail = mailInEveryLanguage((locale) => {
      const m = createTranslator({ ...intlConfig(locale), namespace: "exports.mail" });
      const params = { requester: r.requesterEmail ?? "", campaign: r.title, filter: filterText(locale, r.filter), organization: r.organization, date: formatDateTime(locale, r.expiresAt), url: url(locale) };
      return { subject: m("requestSubject", params), body: m("requestBody", params) };
    });
    await send(await otherOwners(r.organizationId, r.requestedBy), mail);
    return;
  }
  if ((r.status !== "approved" && r.status !== "refused") || !r.requesterEmail) return;
  const approved = r.status === "approved";
  const mail = mailInEveryLanguage((locale) => {
    const m = createTranslator({ ...intlConfig(locale), namespace: "exports.mail" });
    const params = { approver: r.deciderEmail ?? "", campaign: r.title, filter: filterText(locale, r.filter), date: formatDateTime(locale, r.expiresAt), url: url(locale) };
    return approved ? { subject: m("approvedSubject", params), body: m("approvedBody", params) } : { subject: m("refusedSubject", params), body: m("refusedBody", params) };
  });
  await send([r.requesterEmail], mail);
}

async function sendApprovalOffMail(notice: Extract<ExportNotice, { notice: "approvalOff" }>): Promise<void> {
  const db = await getDb();
  const [o] = await db.select({ name: organizations.name, slug: organizations.slug }).from(organizations).where(eq(organizations.id, notice.organizationId));
  if (!o) return;
  const [actor] = await db.select({ email: users.email }).from(users).where(eq(users.id, notice.byUserId));
  const mail = mailInEveryLanguage((locale) => {
    const m = createTranslator({ ...intlConfig(locale), namespace: "exports.mail" });
    const params = { actor: actor?.email ?? "", organization: o.name, date: formatDateTime(locale, new Date(notice.at)), url: `${publicUrl()}${paths.org.section(locale, o.slug, "settings")}` };
    return { subject: m("approvalOffSubject", params), body: m("approvalOffBody", params) };
  });
  await send(await otherOwners(notice.organizationId, notice.byUserId), mail);
}
