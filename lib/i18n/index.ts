import { DEFAULT_LOCALE, isLocale, type Locale } from "./config";
import { en, type Messages } from "./messages/en";
import { fr } from "./messages/fr";

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

export function formatNumber(locale: string, n: number): string {
  return new Intl.NumberFormat(locale === "fr" ? "fr-CA" : "en-CA").format(n);
}

export function formatDate(locale: string, d: Date | string, style: "long" | "medium" = "long"): string {
  const date = typeof d === "string" ? new Date(d.length === 10 ? `${d}T12:00:00Z` : d) : d;
  return new Intl.DateTimeFormat(locale === "fr" ? "fr-CA" : "en-CA", { dateStyle: style, timeZone: "America/Toronto" }).format(date);
}

export function formatDateTime(locale: string, d: Date): string {
  return new Intl.DateTimeFormat(locale === "fr" ? "fr-CA" : "en-CA", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "America/Toronto",
  }).format(d);
}

/** Error codes returned by validation (e.g. "postal.invalid") → a sentence in the reader's language. */
export function errorText(locale: string, code: string): string {
  const errors = getMessages(locale).errors as Record<string, string>;
  return errors[code] ?? errors["generic"];
}
