import { notFound } from "next/navigation";
import { getPublicCampaign } from "@/lib/campaigns/public";
import { getTranslations } from "next-intl/server";
import { platformAddress } from "@/lib/server/mail";
import { signAction } from "./actions";
import { SignForm } from "./SignForm";
import { paths } from "@/lib/paths";

export const dynamic = "force-dynamic";

export default async function SignPage({ params }: { params: Promise<{ locale: string; slug: string }> }) {
  const { locale, slug } = await params;
  const c = await getPublicCampaign(slug, locale);
  if (!c) notFound();
  const m = await getTranslations({ locale: locale });
  // The title keeps the campaign's language inside the page's sentence (an English title on /hy is read in English).
  const [before, after = ""] = m("sign.title", { title: "\u0000" }).split("\u0000");
  return (
    <main>
      <p>
        <a href={paths.campaign(locale, slug)}>
          ← <span lang={c.locale}>{c.title}</span>
        </a>
      </p>
      <h1>
        {before}
        <span lang={c.locale}>{c.title}</span>
        {after}
      </h1>
      {c.signable ? (
        <>
          <p className="muted">{m("sign.intro")}</p>
          <SignForm action={signAction.bind(null, { locale, slug })} locale={locale} organization={c.organization.name} from={platformAddress("no-reply").address} />
        </>
      ) : (
        <p className="notice">{m("campaign.closed")}</p>
      )}
    </main>
  );
}
