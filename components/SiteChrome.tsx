import type { ReactNode } from "react";
import { LANGUAGES, LOCALES } from "@/lib/i18n/config";
import { paths } from "@/lib/paths";

type T = (key: string) => string;

/**
 * Every language the site speaks, each a link to the same page (`rest`: its path without the
 * locale) in that language, the current one marked. `?lang=` makes proxy.ts remember the choice.
 */
export function LanguageLinks({ locale, rest }: { locale: string; rest: string }) {
  return (
    <>
      {LOCALES.map((l) => (
        <a key={l} href={`/${l}${rest}?lang=${l}`} hrefLang={l} lang={l} aria-current={l === locale ? "true" : undefined}>
          {LANGUAGES[l].name}
        </a>
      ))}
    </>
  );
}

/**
 * The frame of every public page: skip link, header (site name, home, organizers, the developer
 * mailbox on the embedded default, languages), the page, footer. Shared by the root layout and the
 * campaign page's static document, so the two cannot drift apart.
 */
export function SiteChrome({ locale, m, mailbox, languages, children }: { locale: string; m: T; mailbox: boolean; languages: ReactNode; children: ReactNode }) {
  return (
    <>
      <a className="skip" href="#content">
        {m("common.skipToContent")}
      </a>
      <header className="site">
        <a className="brand" href={paths.home(locale)}>
          {m("meta.siteName")}
        </a>
        <nav aria-label={m("common.language")}>
          <a href={paths.home(locale)}>{m("common.home")}</a>
          <a href={paths.org.home(locale)}>{m("common.organizers")}</a>
          {mailbox ? <a href={paths.mailbox(locale)}>{m("mailbox.title")}</a> : null}
          {languages}
        </nav>
      </header>
      <div id="content">{children}</div>
      <footer className="site">
        <p>{m("common.footer")}</p>
        <p>
          <a href={paths.privacy(locale)}>{m("common.privacy")}</a> · <a href={paths.office.signIn(locale)}>{m("common.mpOffices")}</a>
        </p>
      </footer>
    </>
  );
}
