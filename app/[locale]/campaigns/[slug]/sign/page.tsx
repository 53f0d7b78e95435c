import { notFound } from "next/navigation";
import { getPublicCampaign } from "@/lib/campaigns/public";
import { getTranslations } from "next-intl/server";
import { platformAddress } from "@/lib/server/mail";
import { signAction } from "./actions";
import { SignForm } from "./SignForm";
import { paths } from "@/lib/paths";
import { normalizeSource, SOURCE_PARAM } from "@/lib/campaigns/sources";

export const dynamic = "force-dynamic";

export default async function SignPage({ params, searchParams }: { params: Promise<{ locale: string; slug: string }>; searchParams: Promise<{ src?: string | string[] }> }) {
  const { locale, slug } = await params;
  const source = normalizeSource((await searchParams)[SOURCE_PARAM]);
  const c = await getPublicCampaign(slug, locale);
  if (!c) notFound();
  const m = await getTranslations({ locale: locale });
  // The title keeps the campaign's language inside the page's sentence (an English title on /hy is read in English).
  const [before, after = ""] = m("sign.title", { title: "\u0000" }).split("\u0000");
  return (
    <main>
      <p>
        <a href={paths.campaign(locale, slug, { [SOURCE_PARAM]: source })}>
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
          <SignForm action={signAction.bind(null, { locale, slug })} locale={locale} organization={c.organization.name} from={platformAddress("no-reply").address} source={source} />
        </>
      ) : (
        <p className="notice">{m("campaign.closed")}</p>
      )}
    </main>
  );
}
