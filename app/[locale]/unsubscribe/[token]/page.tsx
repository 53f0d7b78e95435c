import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { unsubscribeAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false }, referrer: "same-origin" };

/** The visible unsubscribe link: a page with a button (mail clients use the one-click POST in /api). */
export default async function UnsubscribePage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; token: string }>;
  searchParams: Promise<{ done?: string; invalid?: string }>;
}) {
  const { locale, token } = await params;
  const { done, invalid } = await searchParams;
  const m = await getTranslations({ locale: locale });
  return (
    <main>
      <h1>{m("status.unsubscribe")}</h1>
      {done ? <p className="notice ok" role="status">{m("status.unsubscribed")}</p> : null}
      {invalid ? <p className="notice error">{m("confirm.invalid")}</p> : null}
      {!done ? (
        <form action={unsubscribeAction.bind(null, { locale, token })}>
          <button type="submit">{m("status.unsubscribe")}</button>
        </form>
      ) : null}
    </main>
  );
}
