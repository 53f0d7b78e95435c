import { getTranslations } from "next-intl/server";
import { LOCALES } from "@/lib/i18n";

// Static: prerendered at build, served without touching the database.
export const dynamic = "force-static";
export function generateStaticParams() {
  return LOCALES.map((locale) => ({ locale }));
}

export default async function PrivacyPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  const m = await getTranslations({ locale: locale, namespace: "common" });
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
      <p>{m("privacyContact")}</p>
    </main>
  );
}
