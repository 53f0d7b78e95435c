import type { Metadata } from "next";
import { getPublicCampaignById } from "@/lib/campaigns/public";
import { getTranslations } from "next-intl/server";
import { checkConfirmToken } from "@/lib/signing/confirm";
import { confirmAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false }, referrer: "same-origin" };

/**
 * The link in the email opens this page; only the button confirms (a POST). Mail scanners that
 * fetch every link therefore confirm nothing. For an address that has already signed, the same
 * link lets the device it is opened on carry on (write to the MP).
 */
export default async function ConfirmPage({ params }: { params: Promise<{ locale: string; token: string }> }) {
  const { locale, token } = await params;
  const m = await getTranslations({ locale: locale });
  const valid = await checkConfirmToken(token);
  const campaign = valid ? await getPublicCampaignById(valid.campaignId, locale) : null;
  if (!valid || !campaign) {
    return (
      <main>
        <h1>{m("confirm.title")}</h1>
        <p className="notice error">{m("confirm.invalid")}</p>
      </main>
    );
  }
  return (
    <main>
      <h1>{m("confirm.title")}</h1>
      <p>{valid.alreadyConfirmed ? m("confirm.continueBody", { title: campaign.title }) : m("confirm.body", { title: campaign.title })}</p>
      <form action={confirmAction.bind(null, { locale, token })}>
        <button type="submit">{valid.alreadyConfirmed ? m("confirm.continueButton") : m("confirm.button")}</button>
      </form>
    </main>
  );
}
