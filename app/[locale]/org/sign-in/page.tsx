import type { Metadata } from "next";
import { getMessages } from "@/lib/i18n";
import { requestSignInLink } from "./actions";
import { SignInForm } from "./SignInForm";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

export default async function SignInPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  const m = getMessages(locale).organizer;
  return (
    <main>
      <h1>{m.signInTitle}</h1>
      <p className="muted">{m.signInIntro}</p>
      <SignInForm action={requestSignInLink.bind(null, locale)} locale={locale} />
    </main>
  );
}
