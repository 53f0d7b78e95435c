import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { officeSignInLinkValid } from "@/lib/offices/inbox";
import { paths } from "@/lib/paths";
import { redeemSignInAction } from "../../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false }, referrer: "no-referrer" };

/** The emailed sign-in link: a button that spends it (mail scanners open links; they do not press buttons). */
export default async function OfficeSignInLinkPage({ params }: { params: Promise<{ locale: string; token: string }> }) {
  const { locale, token } = await params;
  const m = await getTranslations({ locale, namespace: "office" });
  const valid = await officeSignInLinkValid(token);
  return (
    <main>
      <h1>{m("signInLinkTitle")}</h1>
      {valid ? (
        <form action={redeemSignInAction.bind(null, { locale, token })}>
          <button type="submit">{m("signInLinkButton")}</button>
        </form>
      ) : (
        <>
          <p className="notice error" role="alert">
            {m("signInLinkInvalid")}
          </p>
          <p>
            <a href={paths.office.signIn(locale)}>{m("signInAgain")}</a>
          </p>
        </>
      )}
    </main>
  );
}
