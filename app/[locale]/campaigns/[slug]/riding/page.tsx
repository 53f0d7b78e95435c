import { notFound, redirect } from "next/navigation";
import { getPublicCampaign } from "@/lib/campaigns/public";
import { getTranslations } from "next-intl/server";
import { formatDate, translator } from "@/lib/i18n";
import { platformAddress } from "@/lib/server/mail";
import { paths } from "@/lib/paths";
import { findRidingsForPostalCode, getRidingWithRepresentative, ridingName } from "@/lib/directory/representatives";
import { readFlow } from "@/lib/signing/flow-cookie";
import { chooseRidingAction } from "./actions";
import { RidingForm } from "./RidingForm";

export const dynamic = "force-dynamic";

/** Elections Canada's own postal-code search: the authoritative answer when a prefix spans ridings. */
function electionsCanadaLookup(locale: string): string {
  return translator(locale)("riding.lookupUrl");
}

/**
 * Step 2 for residents: the candidate ridings of the postal code this browser typed (never
 * anything stored about the address), the supporter confirms one.
 */
export default async function RidingPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; slug: string }>;
  searchParams: Promise<{ vacant?: string }>;
}) {
  const { locale, slug } = await params;
  const { vacant } = await searchParams;
  const c = await getPublicCampaign(slug, locale);
  if (!c) notFound();
  const flow = await readFlow(c.id);
  if (!flow) redirect(paths.sign(locale, slug));
  const m = await getTranslations({ locale: locale });

  if (flow.residency !== "resident" || !flow.postalCode) {
    return (
      <main>
        <h1>{m("riding.title")}</h1>
        <p>{m("riding.abroad")}</p>
        <p>
          <a className="button" href={paths.checkEmail(locale, slug)}>
            {m("common.continue")}
          </a>
        </p>
      </main>
    );
  }

  const others = c.targets.filter((t) => t.kind === "representative" && t.representative);
  if (vacant) {
    const riding = /^\d{5}$/.test(vacant) ? await getRidingWithRepresentative(vacant) : null;
    return (
      <main>
        <h1>{m("riding.title")}</h1>
        <p className="notice">
          {riding ? <strong>{ridingName(riding, locale)}: </strong> : null}
          {m("riding.vacant")}
        </p>
        {others.length > 0 ? (
          <>
            <p>{m("riding.vacantOther")}</p>
            <ul>
              {others.map((t) => (
                <li key={t.representative!.id}>
                  <a href={paths.write(locale, slug, t.representative!.id)}>{t.representative!.name}</a>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <p>
          <a className="button secondary" href={paths.checkEmail(locale, slug)}>
            {m("common.continue")}
          </a>
        </p>
      </main>
    );
  }

  const lookup = await findRidingsForPostalCode(flow.postalCode);
  if (!lookup.ok) redirect(paths.sign(locale, slug));
  const asOf = lookup.candidates.find((r) => r.representative)?.representative?.asOf;
  let intro: React.ReactNode;
  if (lookup.source === "province") intro = m("riding.unknownFsa", { postal: lookup.postalCode });
  else if (lookup.candidates.length === 1) intro = m("riding.oneCandidate", { postal: lookup.postalCode, riding: ridingName(lookup.candidates[0], locale) });
  else {
    // The link goes where the message puts {lookup}: format with a marker, then split on it.
    const MARK = "\u0000";
    const [before, after = ""] = m("riding.severalCandidatesLookup", { fsa: lookup.fsa, lookup: MARK }).split(MARK);
    intro = (
      <>
        {before}
        <a href={electionsCanadaLookup(locale)} rel="noopener noreferrer">
          {m("riding.lookup")}
        </a>
        {after}
      </>
    );
  }
  return (
    <main>
      {!flow.proven ? (
        <p className="notice ok" role="status">
          {m("riding.emailSent", { email: flow.email, from: platformAddress("no-reply").address })}
        </p>
      ) : null}
      <h1>{m("riding.title")}</h1>
      <p>{intro}</p>
      <RidingForm
        action={chooseRidingAction.bind(null, { locale, slug })}
        locale={locale}
        candidates={lookup.candidates}
        asSelect={lookup.source === "province" && lookup.candidates.length > 8}
        chosen={flow.ridingFedNum}
      />
      {asOf ? <p className="hint">{m("riding.dataAsOf", { date: formatDate(locale, asOf) })}</p> : null}
    </main>
  );
}
