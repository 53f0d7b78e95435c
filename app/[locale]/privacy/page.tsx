import { getTranslations } from "next-intl/server";
import { LOCALES } from "@/lib/i18n";
import { paths } from "@/lib/paths";

// Rendered per request (it never touches the database): its hreflang alternates carry the public
// address, PUBLIC_URL, which is a run-time setting and unknown at build time.
export function generateStaticParams() {
  return LOCALES.map((locale) => ({ locale }));
}

export default async function PrivacyPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  const m = await getTranslations({ locale: locale, namespace: "common" });
  const myData = await getTranslations({ locale, namespace: "myData" });
  return (
    <main>
      <h1>{m("privacyTitle")}</h1>
      <p>
        <strong>{m("privacyIntro")}</strong>
      </p>
      <p>{m("privacyCollect")}</p>
      <p>{m("privacyShown")}</p>
      <p>{m("privacyNever")}</p>
      <p>{m("privacyRetention")}</p>
      <p>{myData.rich("privacyLink", { link: (chunks) => <a href={paths.myData(locale)}>{chunks}</a> })}</p>
      <p>{m("privacyContact")}</p>
    </main>
  );
}
