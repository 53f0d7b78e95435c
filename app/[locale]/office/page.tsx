import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requestSignInAction } from "./actions";
import { OfficeSignInForm } from "./OfficeForms";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

/** An MP's office asks for a link to its letters. The answer is the same for every address. */
export default async function OfficeSignInPage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: Promise<{ sent?: string }> }) {
  const { locale } = await params;
  const { sent } = await searchParams;
  const m = await getTranslations({ locale, namespace: "office" });
  return (
    <main>
      <h1>{m("signInTitle")}</h1>
      {sent ? (
        <p className="notice ok" role="status">
          {m("signInSent")}
        </p>
      ) : null}
      <p>{m("signInIntro")}</p>
      <OfficeSignInForm action={requestSignInAction.bind(null, { locale })} />
    </main>
  );
}
