import { DEFAULT_LOCALE, isLocale, type Locale } from "./config";
import { en, type Messages } from "@/lib/i18n/messages/en";
import { fr } from "@/lib/i18n/messages/fr";

export * from "./config";
export type { Messages };

const catalogues: Record<Locale, Messages> = { en, fr };

export function getMessages(locale: string): Messages {
  return catalogues[isLocale(locale) ? locale : DEFAULT_LOCALE];
}

/** "{count} signatures" + { count: 3 } → "3 signatures". Unknown placeholders stay visible. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => (key in params ? String(params[key]) : m));
}

/** The Intl locale for each of our languages: Canadian variants where they exist. */
function intlLocale(locale: string): string {
  return locale === "fr" ? "fr-CA" : "en-CA";
}

export function formatNumber(locale: string, n: number): string {
  return new Intl.NumberFormat(intlLocale(locale)).format(n);
}

/** The form of a message for a count, by the language's own plural rules (Intl.PluralRules). */
export function plural(locale: string, n: number, forms: { one: string; other: string }): string {
  return new Intl.PluralRules(intlLocale(locale)).select(n) === "one" ? forms.one : forms.other;
}

/**
 * French writes the first of the month as an ordinal ("1er octobre"), which Intl does not do:
 * the day part is rewritten from formatToParts, everything else is Intl's.
 */
function withFrenchOrdinal(locale: string, parts: Intl.DateTimeFormatPart[]): string {
  return parts.map((p) => (locale === "fr" && p.type === "day" && p.value === "1" ? "1er" : p.value)).join("");
}

export function formatDate(locale: string, d: Date | string, style: "long" | "medium" = "long"): string {
  const date = typeof d === "string" ? new Date(d.length === 10 ? `${d}T12:00:00Z` : d) : d;
  return withFrenchOrdinal(locale, new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: style, timeZone: "America/Toronto" }).formatToParts(date));
}

export function formatDateTime(locale: string, d: Date): string {
  return withFrenchOrdinal(
    locale,
    new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "medium", timeStyle: "short", timeZone: "America/Toronto" }).formatToParts(d),
  );
}

/** Error codes returned by validation (e.g. "postal.invalid") → a sentence in the reader's language. */
export function errorText(locale: string, code: string): string {
  const errors = getMessages(locale).errors as Record<string, string>;
  return errors[code] ?? errors["generic"];
}
