import { notFound } from "next/navigation";
import { SharePanel } from "@/components/SharePanel";
import { getPublicCampaign } from "@/lib/campaigns/public";
import { publicUrl } from "@/lib/server/env";
import { getTranslations } from "next-intl/server";
import { listLetterTargets, listTargetProgress } from "@/lib/letters/compose";
import { platformAddress } from "@/lib/server/mail";
import { plainText } from "@/lib/campaigns/markdown";
import { paths } from "@/lib/paths";
import { readFlow } from "@/lib/signing/flow-cookie";
import { confirmCodeAction, resendAction } from "./actions";
import { CodeForm } from "./CodeForm";

export const dynamic = "force-dynamic";

/**
 * "Check your email": the step where a browser proves the address, by the link in the email or
 * by typing its code here. Everything on it comes from this browser's flow: the address it
 * typed, the letter it wrote. A re-signer and a new signer see the same page.
 */
export default async function CheckEmailPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; slug: string }>;
  searchParams: Promise<{ letter?: string; resent?: string; to?: string }>;
}) {
  const { locale, slug } = await params;
  const { letter, resent, to } = await searchParams;
  const c = await getPublicCampaign(slug, locale);
  if (!c) notFound();
  const m = await getTranslations({ locale: locale });
  const flow = await readFlow(c.id);
  const from = platformAddress("no-reply").address;
  const targets = flow ? await listLetterTargets(flow.id, c.id) : [];
  const progress = flow ? await listTargetProgress(flow.id, c.id) : [];
  const held = letter === "held" ? targets.find((t) => t.representativeId === to) : undefined;
  const unwritten = targets.filter((t) => ["none", "draft"].includes(progress.find((p) => p.representativeId === t.representativeId)?.state ?? "none"));
  const nothingWritten = unwritten.length === targets.length;
  return (
    <main>
      <h1>{m("checkEmail.title")}</h1>
      {flow ? (
        <>
          {held ? (
            <p className="notice ok" role="status">
              {m("checkEmail.heldBody", { name: held.name })}
            </p>
          ) : null}
          {resent ? (
            <p className="notice" role="status">
              {m("checkEmail.resent")}
            </p>
          ) : null}
          <p>
            <strong>{m("checkEmail.sentTo", { email: flow.email, from })}</strong>
          </p>
          {held ? null : <p>{m("checkEmail.body")}</p>}
          <p className="muted">{m("checkEmail.spam", { from })}</p>
          <CodeForm action={confirmCodeAction.bind(null, { locale, slug })} locale={locale} />
          <form action={resendAction.bind(null, { locale, slug })} className="actions">
            <input type="hidden" name="to" value={held?.representativeId ?? ""} />
            <button type="submit" className="secondary">
              {m("checkEmail.resend")}
            </button>
          </form>
          {flow.residency === "resident" && (!flow.ridingFedNum || unwritten.length > 0) ? (
            <p>
              <a className="button secondary" href={flow.ridingFedNum ? paths.write(locale, slug, unwritten[0].representativeId) : paths.riding(locale, slug)}>
                {nothingWritten || !flow.ridingFedNum ? m("checkEmail.writeNext") : m("checkEmail.nextTarget", { name: unwritten[0].name })}
              </a>
            </p>
          ) : null}
          <SharePanel locale={locale} url={`${publicUrl()}${paths.campaign(locale, slug)}`} title={plainText(c.title)} />
        </>
      ) : (
        <p className="notice">{m("checkEmail.noCookie")}</p>
      )}
    </main>
  );
}
