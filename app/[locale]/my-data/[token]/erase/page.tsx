import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { paths } from "@/lib/paths";
import { checkAccessToken } from "@/lib/privacy/supporter-data";
import { eraseDataAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false }, referrer: "same-origin" };

/** A GET says what erasing does and what it means for signing again; only the button erases. */
export default async function MyDataErasePage({ params }: { params: Promise<{ locale: string; token: string }> }) {
  const { locale, token } = await params;
  const m = await getTranslations({ locale, namespace: "myData" });
  const valid = await checkAccessToken(token);
  if (!valid) {
    return (
      <main>
        <h1>{m("eraseTitle")}</h1>
        <p className="notice error" role="alert">
          {m("invalid")} <a href={paths.myData(locale)}>{m("askAgain")}</a>
        </p>
      </main>
    );
  }
  return (
    <main>
      <h1>{m("eraseTitle")}</h1>
      <p>{m("eraseBody")}</p>
      <p>
        <strong>{m("eraseNeverAgain")}</strong>
      </p>
      <form action={eraseDataAction.bind(null, { locale, token })}>
        <button type="submit" className="danger">
          {m("eraseButton")}
        </button>{" "}
        <a href={paths.myDataAccess(locale, token)}>{m("eraseCancel")}</a>
      </form>
    </main>
  );
}
