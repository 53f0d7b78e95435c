import { createTranslator } from "next-intl";
import { CATALOGUES, type Messages } from "./catalogues";
import { DEFAULT_LOCALE, intlLocale, isLocale } from "./config";
import { TIME_ZONE } from "./format";

export * from "./config";
export * from "./format";
export type { Messages };

/** The catalogue for one of our languages (the default language's for anything else). */
export function catalogue(locale: string): Messages {
  return CATALOGUES[isLocale(locale) ? locale : DEFAULT_LOCALE];
}

/**
 * next-intl's configuration for a language: the Intl locale (so ICU plurals and `#` follow
 * fr-CA/en-CA), its catalogue and our time zone. Used by i18n/request.ts for pages, by the
 * client provider, and spread into createTranslator where there is no request (emails, jobs):
 *   const t = createTranslator({ ...intlConfig(locale), namespace: "emails" });
 */
export function intlConfig(locale: string) {
  return { locale: intlLocale(locale), messages: catalogue(locale), timeZone: TIME_ZONE };
}

/** A translator for the whole catalogue, outside a request (or in a client component's render). */
export function translator(locale: string) {
  return createTranslator(intlConfig(locale));
}

/**
 * A message chosen at run time from a map of codes (validation error codes such as
 * "postal.invalid", audit actions): the typed `t` cannot check a computed key, so the code is
 * looked up with t.has and falls back to `fallback` (a key that exists) or to the code itself.
 */
export function messageFor(
  t: { has(key: never): boolean },
  prefix: string,
  code: string,
  fallback?: string,
  values?: Record<string, string | number | Date>,
): string {
  const call = t as unknown as { has(key: string): boolean; (key: string, values?: Record<string, string | number | Date>): string };
  const key = `${prefix}.${code}`;
  if (code && !/^\.|\.$|\.\./.test(code) && call.has(key)) return call(key, values);
  return fallback ? call(fallback, values) : code;
}

/** Error codes returned by validation (e.g. "postal.invalid") → a sentence in the reader's language. */
export function errorText(locale: string, code: string): string {
  return messageFor(translator(locale), "errors", code, "errors.generic");
}
