import { and, eq } from "drizzle-orm";
import { createTranslator } from "next-intl";
import { z } from "zod";
import { campaignContent, campaigns, memberships, organizations, users } from "@/db/schema";
import { formatDate, intlConfig, LOCALES } from "@/lib/i18n";
import { paths } from "@/lib/paths";
import { getDb } from "@/lib/server/db";
import { publicUrl } from "@/lib/server/env";
import { platformAddress, sendMail } from "@/lib/server/mail";
import { getAnonymisationDate } from "./retention";

/**
 * The warning a campaign's owners get a week before its supporters are anonymised, in every
 * language the site speaks (an organizer account has no language of its own, as with invitations).
 */
export function retentionWarningMail(p: { organization: string; campaign: string; date: Date; months: number; org: string; campaignId: string }) {
  const parts = LOCALES.map((locale) => {
    const m = createTranslator({ ...intlConfig(locale), namespace: "retention" });
    const params = {
      organization: p.organization,
      campaign: p.campaign,
      months: p.months,
      date: formatDate(locale, p.date),
      url: `${publicUrl()}${paths.org.campaign(locale, p.org, p.campaignId)}`,
    };
    return { subject: m("warningSubject", params), body: m("warningBody", params) };
  });
  return { subject: parts.map((x) => x.subject).join(" / "), text: `${parts.map((x) => x.body).join("\n\n----\n\n")}\n` };
}

/** Sends the warning to each owner of the campaign's organization (the job's work; nothing if already anonymised). */
export async function sendRetentionWarningMail(campaignId: string): Promise<void> {
  if (!z.uuid().safeParse(campaignId).success) return;
  const db = await getDb();
  const [c] = await db
    .select({
      organizationId: campaigns.organizationId,
      organization: organizations.name,
      org: organizations.slug,
      months: organizations.retentionMonths,
      locales: campaigns.locales,
      anonymisedAt: campaigns.anonymisedAt,
    })
    .from(campaigns)
    .innerJoin(organizations, eq(organizations.id, campaigns.organizationId))
    .where(eq(campaigns.id, campaignId));
  const date = c ? await getAnonymisationDate(campaignId) : null;
  if (!c || c.anonymisedAt || !date) return;
  const content = await db
    .select({ locale: campaignContent.locale, title: campaignContent.title })
    .from(campaignContent)
    .where(eq(campaignContent.campaignId, campaignId));
  const title = (content.find((x) => x.locale === c.locales[0]) ?? content[0])?.title ?? "";
  const owners = await db
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, c.organizationId), eq(memberships.role, "owner")));
  const mail = retentionWarningMail({ organization: c.organization, campaign: title, date, months: c.months, org: c.org, campaignId });
  for (const o of owners) {
    await sendMail({ from: platformAddress("no-reply", "Constituent"), to: { address: o.email }, subject: mail.subject, text: mail.text });
  }
}
