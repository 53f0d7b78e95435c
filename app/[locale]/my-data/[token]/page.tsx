import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { formatDateTime } from "@/lib/i18n";
import { paths } from "@/lib/paths";
import { checkAccessToken } from "@/lib/privacy/supporter-data";
import { showDataAction } from "./actions";
import { DataView } from "./DataView";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false }, referrer: "same-origin" };

/**
 * Where the access link lands. Opening it shows nothing and changes nothing (mail scanners fetch
 * every link); the button shows everything held, and from there the download and the erasure.
 */
export default async function MyDataAccessPage({ params }: { params: Promise<{ locale: string; token: string }> }) {
  const { locale, token } = await params;
  const m = await getTranslations({ locale, namespace: "myData" });
  const expiresAt = await checkAccessToken(token);
  return (
    <main>
      <h1>{m("accessTitle")}</h1>
      {expiresAt ? (
        <DataView
          action={showDataAction.bind(null, { locale, token })}
          locale={locale}
          token={token}
          until={formatDateTime(locale, expiresAt)}
          downloadUrl={paths.myDataDownload()}
          eraseUrl={paths.myDataErase(locale, token)}
          askAgainUrl={paths.myData(locale)}
        />
      ) : (
        <p className="notice error" role="alert">
          {m("invalid")} <a href={paths.myData(locale)}>{m("askAgain")}</a>
        </p>
      )}
    </main>
  );
}
