import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

export const metadata: Metadata = { robots: { index: false } };

export default async function MyDataErasedPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  const m = await getTranslations({ locale, namespace: "myData" });
  return (
    <main>
      <h1>{m("erasedTitle")}</h1>
      <p role="status">{m("erasedBody")}</p>
    </main>
  );
}
