import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { platformAddress } from "@/lib/server/mail";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

/** The one answer to every data request, whatever the address (decision 0023). */
export default async function MyDataSentPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  const m = await getTranslations({ locale, namespace: "myData" });
  return (
    <main>
      <h1>{m("sentTitle")}</h1>
      <p role="status">{m("sentBody", { from: platformAddress("no-reply").address })}</p>
      <p className="muted">{m("sentSpam")}</p>
    </main>
  );
}
