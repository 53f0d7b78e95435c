"use client";

import { usePathname } from "next/navigation";

/** Links to the same page in the other language (works without JavaScript via the server-rendered href). */
export function LanguageSwitch({ locale, target, label, fallbackPath }: { locale: string; target: string; label: string; fallbackPath: string }) {
  const pathname = usePathname() ?? fallbackPath;
  const rest = pathname.replace(new RegExp(`^/${locale}(?=/|$)`), "");
  return (
    <a href={`/${target}${rest}`} hrefLang={target} lang={target}>
      {label}
    </a>
  );
}
