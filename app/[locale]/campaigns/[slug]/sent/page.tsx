import { redirect } from "next/navigation";
import { SharePanel } from "@/components/SharePanel";
import { publicUrl } from "@/lib/server/env";
import { getTranslations } from "next-intl/server";
import { plainText } from "@/lib/campaigns/markdown";
import { paths } from "@/lib/paths";
import { loadWriteContext } from "../write/context";

export const dynamic = "force-dynamic";

/** After a proven browser sends a letter: where it stands, the next target, and a moment to share. */
export default async function SentPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; slug: string }>;
  searchParams: Promise<{ to?: string; waiting?: string }>;
}) {
  const { locale, slug } = await params;
  const { to, waiting } = await searchParams;
  const ctx = await loadWriteContext(locale, slug, to);
  if (!ctx.flow.proven) redirect(paths.checkEmail(locale, slug));
  const m = await getTranslations({ locale: locale });
  return (
    <main>
      <h1>{m("letter.sentTitle")}</h1>
      <p className="notice ok" role="status">
        {waiting ? m("letter.heldProvenNotice", { name: ctx.target.name }) : m("letter.sentBody", { name: ctx.target.name })}
      </p>
      {ctx.next ? (
        <p>
          <a className="button" href={paths.write(locale, slug, ctx.next.representativeId)}>
            {m("checkEmail.nextTarget", { name: ctx.next.name })}
          </a>
        </p>
      ) : ctx.targets.length > 1 ? (
        <p>{m("letter.allDone")}</p>
      ) : null}
      <SharePanel locale={locale} url={`${publicUrl()}${paths.campaign(locale, slug)}`} title={plainText(ctx.campaign.title)} />
    </main>
  );
}
