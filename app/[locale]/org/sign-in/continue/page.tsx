import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { signInCallbackFields } from "@/lib/organizer/auth";
import { paths } from "@/lib/paths";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false }, referrer: "same-origin" };

/**
 * Where the emailed sign-in link lands. Opening it signs nobody in: link scanners in mail
 * gateways fetch every link, and Auth.js spends its single-use token on the first GET of its
 * callback. The organizer presses the button, which submits the token to the callback.
 */
export default async function ContinueSignInPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { locale } = await params;
  const m = await getTranslations({ locale: locale, namespace: "organizer" });
  const fields = signInCallbackFields(await searchParams, locale);
  return (
    <main>
      <h1>{m("continueTitle")}</h1>
      {fields ? (
        <form method="get" action={fields.action}>
          <p>{m("continueBody")}</p>
          <input type="hidden" name="token" value={fields.token} />
          <input type="hidden" name="email" value={fields.email} />
          <input type="hidden" name="callbackUrl" value={fields.callbackUrl} />
          <button type="submit">{m("continueButton")}</button>
        </form>
      ) : (
        <p className="notice error" role="alert">
          {m("linkExpired")} <a href={paths.org.signIn(locale)}>{m("signInTitle")}</a>
        </p>
      )}
    </main>
  );
}
