import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { LanguageSwitch } from "@/components/LanguageSwitch";
import { headers } from "next/headers";
import { NextIntlClientProvider } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { intlConfig, isLocale, LOCALES } from "@/lib/i18n";
import { isMailSink, publicUrl } from "@/lib/server/env";
import "../globals.css";
import { paths } from "@/lib/paths";

export function generateStaticParams() {
  return LOCALES.map((locale) => ({ locale }));
}

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  const m = await getTranslations({ locale: locale });
  return {
    title: { default: m("meta.siteName"), template: `%s · ${m("meta.siteName")}` },
    description: m("meta.tagline"),
    alternates: await languageAlternates(),
  };
}

/**
 * hreflang alternates for every page: the same path in each language, and the bare path as
 * x-default (proxy.ts sends it to the reader's language). A page with fewer languages (a campaign)
 * sets its own. proxy.ts passes the path without its locale in x-cst-path.
 */
async function languageAlternates(): Promise<Metadata["alternates"]> {
  const rest = (await headers()).get("x-cst-path") ?? "";
  const base = publicUrl();
  return {
    languages: { ...Object.fromEntries(LOCALES.map((l) => [l, `${base}/${l}${rest}`])), "x-default": `${base}${rest || "/"}` },
  };
}

export default async function LocaleLayout({ children, params }: { children: ReactNode; params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  setRequestLocale(locale);
  const m = await getTranslations({ locale: locale });
  const { messages, ...config } = intlConfig(locale);
  return (
    <html lang={locale}>
      <body>
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
            {isMailSink() ? <a href={paths.mailbox(locale)}>{m("mailbox.title")}</a> : null}
            <LanguageSwitch locale={locale} />
          </nav>
        </header>
        <div id="content">
          {/* Client components read their messages through useTranslations (next-intl). */}
          <NextIntlClientProvider {...config} messages={messages}>
            {children}
          </NextIntlClientProvider>
        </div>
        <footer className="site">
          <p>{m("common.footer")}</p>
          <p>
            <a href={paths.privacy(locale)}>{m("common.privacy")}</a>
          </p>
        </footer>
      </body>
    </html>
  );
}
