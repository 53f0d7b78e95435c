import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { LanguageSwitch } from "@/components/LanguageSwitch";
import { headers } from "next/headers";
import { NextIntlClientProvider } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { intlConfig, isLocale, LOCALES } from "@/lib/i18n";
import { isMailSink, publicUrl } from "@/lib/server/env";
import { SiteChrome } from "@/components/SiteChrome";
import { stylesheetHref } from "@/components/site-assets";

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
      <head>
        <link rel="stylesheet" href={stylesheetHref()} precedence="default" />
      </head>
      <body>
        <SiteChrome locale={locale} m={m as (key: string) => string} mailbox={isMailSink()} languages={<LanguageSwitch locale={locale} />}>
          {/* Client components read their messages through useTranslations (next-intl). */}
          <NextIntlClientProvider {...config} messages={messages}>
            {children}
          </NextIntlClientProvider>
        </SiteChrome>
      </body>
    </html>
  );
}
