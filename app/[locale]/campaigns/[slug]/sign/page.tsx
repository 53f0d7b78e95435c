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
  return (
    <main>
      <p>
        <a href={paths.campaign(locale, slug)}>← {c.title}</a>
      </p>
      <h1>{m("sign.title", { title: c.title })}</h1>
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
