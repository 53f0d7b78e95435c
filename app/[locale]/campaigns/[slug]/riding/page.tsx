import { notFound, redirect } from "next/navigation";
import { getPublicCampaign } from "@/lib/campaigns";
import { format, formatDate, getMessages } from "@/lib/i18n";
import { findRidingsForPostalCode, getRidingWithRepresentative, ridingName } from "@/lib/representatives";
import { readFlow } from "../flow";
import { chooseRidingAction } from "./actions";
import { RidingForm } from "./RidingForm";

export const dynamic = "force-dynamic";

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
  const session = await readFlow(c.id);
  if (!session) redirect(`/${locale}/campaigns/${slug}/sign`);
  const m = getMessages(locale);
  const sig = session.signature;

  if (sig.residency !== "resident" || !sig.postalCode) {
    return (
      <main>
        <h1>{m.riding.title}</h1>
        <p>{m.riding.abroad}</p>
        <p>
          <a className="button" href={`/${locale}/campaigns/${slug}/check-email`}>
            {m.common.continue}
          </a>
        </p>
      </main>
    );
  }

  const others = c.targets.filter((t) => t.kind === "representative" && t.representative);
  if (vacant) {
    const riding = await getRidingWithRepresentative(vacant);
    return (
      <main>
        <h1>{m.riding.title}</h1>
        <p className="notice">
          {riding ? <strong>{ridingName(riding, locale)}: </strong> : null}
          {m.riding.vacant}
        </p>
        {others.length > 0 ? (
          <>
            <p>{m.riding.vacantOther}</p>
            <ul>
              {others.map((t) => (
                <li key={t.representative!.id}>
                  <a href={`/${locale}/campaigns/${slug}/write?to=${t.representative!.id}`}>{t.representative!.name}</a>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <p>
          <a className="button secondary" href={`/${locale}/campaigns/${slug}/check-email`}>
            {m.common.continue}
          </a>
        </p>
      </main>
    );
  }

  const lookup = await findRidingsForPostalCode(sig.postalCode);
  if (!lookup.ok) redirect(`/${locale}/campaigns/${slug}/sign`);
  const asOf = lookup.candidates.find((r) => r.representative)?.representative?.asOf;
  let intro: string;
  if (lookup.source === "province") intro = format(m.riding.unknownFsa, { postal: lookup.postalCode });
  else if (lookup.candidates.length === 1) intro = format(m.riding.oneCandidate, { postal: lookup.postalCode, riding: ridingName(lookup.candidates[0], locale) });
  else intro = format(m.riding.severalCandidates, { fsa: lookup.fsa });
  return (
    <main>
      <h1>{m.riding.title}</h1>
      <p>{intro}</p>
      <RidingForm action={chooseRidingAction.bind(null, locale, slug)} locale={locale} candidates={lookup.candidates} asSelect={lookup.source === "province" && lookup.candidates.length > 8} />
      {asOf ? <p className="hint">{format(m.riding.dataAsOf, { date: formatDate(locale, asOf) })}</p> : null}
    </main>
  );
}
