import { getTranslations } from "next-intl/server";

export default async function CheckEmailPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  const m = await getTranslations({ locale: locale, namespace: "organizer" });
  return (
    <main>
      <h1>{m("checkTitle")}</h1>
      <p>{m("checkBody")}</p>
    </main>
  );
}
