"use client";

import { usePathname } from "next/navigation";
import { LanguageLinks } from "./SiteChrome";

/**
 * The language links of a Next.js page, for the path it is on. Works without JavaScript: the href
 * is server-rendered, and `?lang=` makes proxy.ts remember the choice in the cst_lang cookie before
 * redirecting to the clean URL.
 */
export function LanguageSwitch({ locale }: { locale: string }) {
  const pathname = usePathname() ?? `/${locale}`;
  return <LanguageLinks locale={locale} rest={pathname.replace(new RegExp(`^/${locale}(?=/|$)`), "")} />;
}
