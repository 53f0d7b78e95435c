import { getTranslations } from "next-intl/server";
import { ShareButtons } from "./ShareButtons";

/**
 * Where a supporter is most willing to share: right after signing or writing. Plain links work
 * without JavaScript; copying the link and the phone's own share sheet are added when it runs.
 */
export async function SharePanel({ locale, url, title, heading }: { locale: string; url: string; title: string; heading?: string }) {
  const m = await getTranslations({ locale: locale, namespace: "campaign" });
  const text = encodeURIComponent(`${title} ${url}`);
  return (
    <section className="card share" aria-labelledby="share-heading">
      <h2 id="share-heading">{heading ?? m("share")}</h2>
      <p>{m("shareIntro")}</p>
      <p className="actions">
        <a className="button secondary" href={`mailto:?subject=${encodeURIComponent(title)}&body=${text}`}>
          {m("shareEmail")}
        </a>
        <a className="button secondary" href={`https://wa.me/?text=${text}`} rel="noopener noreferrer">
          WhatsApp
        </a>
        <a className="button secondary" href={`https://bsky.app/intent/compose?text=${text}`} rel="noopener noreferrer">
          Bluesky
        </a>
        <ShareButtons url={url} title={title} copyLabel={m("shareCopy")} copiedLabel={m("shareCopied")} nativeLabel={m("shareNative")} />
      </p>
      <p className="hint">
        <span className="share-url">{url}</span>
      </p>
    </section>
  );
}
