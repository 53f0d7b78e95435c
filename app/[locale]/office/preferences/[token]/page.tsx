import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { formatDate } from "@/lib/i18n/format";
import { getOfficePage } from "@/lib/offices/preferences";
import { paths } from "@/lib/paths";
import { requestPreferencesAction } from "../../actions";
import { PreferencesForm } from "../../OfficeForms";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false }, referrer: "no-referrer" };

/**
 * The link at the foot of every letter (decision 0029). It shows only public facts (the office's
 * address and what it chose) and proposes changes, which the office's own mailbox confirms.
 */
export default async function OfficePreferencesPage({ params, searchParams }: { params: Promise<{ locale: string; token: string }>; searchParams: Promise<{ requested?: string; saved?: string }> }) {
  const { locale, token } = await params;
  const { requested, saved } = await searchParams;
  const page = await getOfficePage(token);
  if (!page) notFound();
  const m = await getTranslations({ locale, namespace: "office" });
  const s = page.settings;
  const hour = `${String(s.digestHour).padStart(2, "0")}:00`;
  const what = s.delivery === "each" ? m("describeEach") : s.delivery === "daily" ? m("describeDaily", { hour }) : m("describeWeekly", { hour, weekday: m(`weekday${s.digestWeekday}` as "weekday1") });
  return (
    <main>
      <h1>{m("preferencesTitle")}</h1>
      {page.names.length ? <p>{m("preferencesFor", { names: page.names.join(", ") })}</p> : null}
      {requested ? (
        <p className="notice ok" role="status">
          {m("requested", { email: page.email })}
        </p>
      ) : null}
      {saved ? (
        <p className="notice ok" role="status">
          {m("confirmDone", { what })}
        </p>
      ) : null}
      {s.bouncedAt ? (
        <p className="notice error" role="alert">
          {m("bouncedNote", { date: formatDate(locale, s.bouncedAt) })}
        </p>
      ) : null}
      <p>{m("preferencesIntro", { email: page.email })}</p>
      <p data-testid="office-current">{m("currentChoice", { what })}</p>
      <PreferencesForm action={requestPreferencesAction.bind(null, { locale, token })} current={{ delivery: s.delivery, hour: s.digestHour, weekday: s.digestWeekday }} />
      <p>
        <a href={paths.office.signIn(locale)}>{m("readLetters")}</a>
      </p>
    </main>
  );
}
