import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { LanguageSwitch } from "@/components/LanguageSwitch";
import { isMailSink } from "@/lib/server/env";
import { getMessages, isLocale, LOCALES } from "@/lib/i18n";
import "../globals.css";

export function generateStaticParams() {
  return LOCALES.map((locale) => ({ locale }));
}

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  const m = getMessages(locale);
  return { title: { default: m.meta.siteName, template: `%s · ${m.meta.siteName}` }, description: m.meta.tagline };
}

export default async function LocaleLayout({ children, params }: { children: ReactNode; params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  const m = getMessages(locale);
  return (
    <html lang={locale}>
      <body>
        <a className="skip" href="#content">
          {m.common.skipToContent}
        </a>
        <header className="site">
          <a className="brand" href={`/${locale}`}>
            {m.meta.siteName}
          </a>
          <nav aria-label={m.common.language}>
            <a href={`/${locale}`}>{m.common.home}</a>
            <a href={`/${locale}/org`}>{m.common.organizers}</a>
            {isMailSink() ? <a href={`/${locale}/dev/mailbox`}>{getMessages(locale).mailbox.title}</a> : null}
            <LanguageSwitch locale={locale} target={m.common.switchToLang} label={m.common.switchTo} fallbackPath={`/${locale}`} />
          </nav>
        </header>
        <div id="content">{children}</div>
        <footer className="site">
          <p>{m.common.footer}</p>
          <p>
            <a href={`/${locale}/privacy`}>{m.common.privacy}</a>
          </p>
        </footer>
      </body>
    </html>
  );
}
