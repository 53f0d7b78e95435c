import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getSupporterStatus } from "@/lib/signing/status";
import { withdrawAction } from "./actions";
import { paths } from "@/lib/paths";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false }, referrer: "same-origin" };

/** A GET shows what withdrawing does; only the button (a POST) withdraws. */
export default async function WithdrawPage({ params }: { params: Promise<{ locale: string; token: string }> }) {
  const { locale, token } = await params;
  const m = await getTranslations({ locale: locale });
  const s = await getSupporterStatus(token);
  if (!s || s.status === "invalidated") {
    return (
      <main>
        <h1>{m("status.withdrawTitle")}</h1>
        <p className="notice error">{m("confirm.invalid")}</p>
      </main>
    );
  }
  return (
    <main>
      <h1>{m("status.withdrawTitle")}</h1>
      <p>{m("status.withdrawBody")}</p>
      <form action={withdrawAction.bind(null, { locale, token })}>
        <button type="submit" className="danger">
          {m("status.withdrawButton")}
        </button>{" "}
        <a href={paths.status(locale, token)}>{m("status.withdrawCancel")}</a>
      </form>
    </main>
  );
}
