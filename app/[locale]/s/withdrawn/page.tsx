import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

export const metadata: Metadata = { robots: { index: false } };

export default async function WithdrawnPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  const m = await getTranslations({ locale: locale });
  return (
    <main>
      <h1>{m("status.withdrawnTitle")}</h1>
      <p role="status">{m("status.withdrawnBody")}</p>
    </main>
  );
}
