import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requestSignInLink } from "./actions";
import { SignInForm } from "./SignInForm";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

export default async function SignInPage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: Promise<{ error?: string }> }) {
  const { locale } = await params;
  const { error } = await searchParams;
  const m = await getTranslations({ locale: locale, namespace: "organizer" });
  return (
    <main>
      <h1>{m("signInTitle")}</h1>
      {/* Auth.js sends a used or expired link here with ?error=Verification. */}
      {error ? (
        <p className="notice error" role="alert">
          {error === "Verification" ? m("linkExpired") : m("sendFailed")}
        </p>
      ) : null}
      <p className="muted">{m("signInIntro")}</p>
      <SignInForm action={requestSignInLink.bind(null, { locale })} locale={locale} />
    </main>
  );
}
