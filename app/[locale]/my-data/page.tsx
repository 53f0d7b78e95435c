import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requestDataAction } from "./actions";
import { RequestForm } from "./RequestForm";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

/** Anyone may ask about any address: the answer only ever goes to that address (decision 0023). */
export default async function MyDataPage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: Promise<{ expired?: string }> }) {
  const { locale } = await params;
  const { expired } = await searchParams;
  const m = await getTranslations({ locale, namespace: "myData" });
  return (
    <main>
      <h1>{m("title")}</h1>
      {expired ? (
        <p className="notice error" role="alert">
          {m("expired")}
        </p>
      ) : null}
      <p>{m("intro")}</p>
      <RequestForm action={requestDataAction.bind(null, { locale })} locale={locale} />
    </main>
  );
}
