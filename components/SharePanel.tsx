import { getTranslations } from "next-intl/server";
import { ShareButtons } from "./ShareButtons";
import { ShareCard } from "./ShareCard";

/**
 * The share card on Next.js pages (after signing or writing, the status page): copying the link
 * and the phone's own share sheet are a client component, added when JavaScript runs.
 */
export async function SharePanel({ locale, url, title, heading }: { locale: string; url: string; title: string; heading?: string }) {
  const m = await getTranslations({ locale: locale, namespace: "campaign" });
  return (
    <ShareCard
      url={url}
      title={title}
      text={{ heading: heading ?? m("share"), intro: m("shareIntro"), email: m("shareEmail") }}
      buttons={<ShareButtons url={url} title={title} copyLabel={m("shareCopy")} copiedLabel={m("shareCopied")} nativeLabel={m("shareNative")} />}
    />
  );
}
