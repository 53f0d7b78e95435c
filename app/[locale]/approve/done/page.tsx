import { getTranslations } from "next-intl/server";

export const dynamic = "force-dynamic";

/** After refusing a letter: it is gone, and the link no longer works. */
export default async function LetterDecidedPage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: Promise<{ outcome?: string }> }) {
  const { locale } = await params;
  const { outcome } = await searchParams;
  const m = await getTranslations({ locale: locale });
  return (
    <main>
      <h1>{m("approve.title")}</h1>
      <p className="notice ok" role="status">
        {outcome === "refused" ? m("approve.refusedNotice") : m("approve.sentNotice")}
      </p>
    </main>
  );
}
