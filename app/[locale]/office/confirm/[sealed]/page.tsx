import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { readPreferenceChange } from "@/lib/offices/preferences";
import { confirmPreferencesAction } from "../../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false }, referrer: "no-referrer" };

/** The link mailed to the office: a button, so a mail scanner opening it changes nothing. */
export default async function ConfirmOfficePreferencesPage({ params, searchParams }: { params: Promise<{ locale: string; sealed: string }>; searchParams: Promise<{ error?: string }> }) {
  const { locale, sealed } = await params;
  const { error } = await searchParams;
  const m = await getTranslations({ locale, namespace: "office" });
  const change = readPreferenceChange(sealed);
  return (
    <main>
      <h1>{m("confirmTitle")}</h1>
      {error === "superseded" ? (
        <p className="notice error" role="alert">
          {m("confirmSuperseded")}
        </p>
      ) : !change || error ? (
        <p className="notice error" role="alert">
          {m("confirmInvalid")}
        </p>
      ) : (
        <form action={confirmPreferencesAction.bind(null, { locale, token: sealed })}>
          <p>{m("confirmBody", { email: change.email, what: change.description })}</p>
          <button type="submit">{m("confirmButton")}</button>
        </form>
      )}
    </main>
  );
}
