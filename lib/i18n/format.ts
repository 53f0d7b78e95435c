import { intlLocale } from "./config";

/** Dates are shown in Eastern time: the House of Commons' clock, and most of our readers'. */
export const TIME_ZONE = "America/Toronto";

export function formatNumber(locale: string, n: number): string {
  return new Intl.NumberFormat(intlLocale(locale)).format(n);
}

/**
 * French writes the first of the month as an ordinal ("1er octobre"), which Intl does not do:
 * the day part is rewritten from formatToParts, everything else is Intl's.
 */
function withOrdinalFirst(locale: string, parts: Intl.DateTimeFormatPart[]): string {
  const french = intlLocale(locale).startsWith("fr");
  return parts.map((p) => (french && p.type === "day" && p.value === "1" ? "1er" : p.value)).join("");
}

export function formatDate(locale: string, d: Date | string, style: "long" | "medium" = "long"): string {
  const date = typeof d === "string" ? new Date(d.length === 10 ? `${d}T12:00:00Z` : d) : d;
  return withOrdinalFirst(locale, new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: style, timeZone: TIME_ZONE }).formatToParts(date));
}

export function formatDateTime(locale: string, d: Date): string {
  return withOrdinalFirst(
    locale,
    new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "medium", timeStyle: "short", timeZone: TIME_ZONE }).formatToParts(d),
  );
}
