import type { ReactNode } from "react";

export interface ShareCardText {
  heading: string;
  intro: string;
  email: string;
}

/**
 * Where a supporter is most willing to share: plain links that work without JavaScript (email,
 * WhatsApp, Bluesky) and the page's address; `buttons` adds what needs a script (copy, the
 * phone's share sheet).
 */
export function ShareCard({ url, title, text, buttons }: { url: string; title: string; text: ShareCardText; buttons?: ReactNode }) {
  const body = encodeURIComponent(`${title} ${url}`);
  return (
    <section className="card share" aria-labelledby="share-heading">
      <h2 id="share-heading">{text.heading}</h2>
      <p>{text.intro}</p>
      <p className="actions">
        <a className="button secondary" href={`mailto:?subject=${encodeURIComponent(title)}&body=${body}`}>
          {text.email}
        </a>
        <a className="button secondary" href={`https://wa.me/?text=${body}`} rel="noopener noreferrer">
          WhatsApp
        </a>
        <a className="button secondary" href={`https://bsky.app/intent/compose?text=${body}`} rel="noopener noreferrer">
          Bluesky
        </a>
        {buttons}
      </p>
      <p className="hint">
        <span className="share-url">{url}</span>
      </p>
    </section>
  );
}
