"use client";

import { usePathname } from "next/navigation";
import { LANGUAGES, LOCALES } from "@/lib/i18n/config";

/**
 * Every language the site speaks, each a link to the same page in that language (the current one
 * marked). Works without JavaScript: the href is server-rendered, and `?lang=` makes proxy.ts
 * remember the choice in the cst_lang cookie before redirecting to the clean URL.
 */
export function LanguageSwitch({ locale }: { locale: string }) {
  const pathname = usePathname() ?? `/${locale}`;
  const rest = pathname.replace(new RegExp(`^/${locale}(?=/|$)`), "");
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
