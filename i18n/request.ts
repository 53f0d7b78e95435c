import { getRequestConfig } from "next-intl/server";
import { DEFAULT_LOCALE, intlConfig, isLocale } from "@/lib/i18n";

/**
 * next-intl's per-request configuration. Pages pass their [locale] segment explicitly
 * (getTranslations({ locale })); the layout also calls setRequestLocale for the client provider.
 * Locale negotiation itself is proxy.ts's job, not next-intl's middleware.
 */
export default getRequestConfig(async ({ locale, requestLocale }) => {
  const requested = locale ?? (await requestLocale);
  return intlConfig(isLocale(requested) ? requested : DEFAULT_LOCALE);
});
