/**
 * The languages the site speaks. Adding one = a catalogue folder in ./messages
 * (registered in ./catalogues.ts, which the compiler insists on) plus one line here: its Intl locale
 * (used for every number, date and plural rule) and its name in itself (for the language switch).
 */
export const LANGUAGES = {
  en: { intl: "en-CA", name: "English" },
  fr: { intl: "fr-CA", name: "Français" },
  // Eastern Armenian, reformed orthography (docs/armenian-glossary.md, decision 0022).
  hy: { intl: "hy-AM", name: "Հայերեն" },
} as const satisfies Record<string, { intl: string; name: string }>;

export type Locale = keyof typeof LANGUAGES;
export const LOCALES = Object.keys(LANGUAGES) as Locale[];

/**
 * The languages a campaign is written in (title, summary, body, demand, sources). The interface
 * speaks every language above; a reader whose language a campaign lacks reads it in the campaign's
 * first language, marked with its own `lang` and a note saying which language it is.
 */
export const CAMPAIGN_LOCALES = ["en", "fr", "hy"] as const satisfies readonly Locale[];
export type CampaignLocale = (typeof CAMPAIGN_LOCALES)[number];

export function isCampaignLocale(value: unknown): value is CampaignLocale {
  return (CAMPAIGN_LOCALES as readonly unknown[]).includes(value);
}

/**
 * The languages of letters to MPs: what offices read. A campaign in one of these languages has a
 * letter template in it; a campaign's other languages (Armenian) carry its text only, and their
 * readers write from its English or French template, their own words in any language (decision 0022).
 */
export const LETTER_LOCALES = ["en", "fr"] as const satisfies readonly CampaignLocale[];
export type LetterLocale = (typeof LETTER_LOCALES)[number];

export function isLetterLocale(value: unknown): value is LetterLocale {
  return (LETTER_LOCALES as readonly unknown[]).includes(value);
}

/**
 * The letter languages in the order a reader is offered a campaign's template: her own when
 * letters are written in it, then the campaign's default letter language (the first of its
 * languages that is one), then the others.
 */
export function letterLocalePreference(campaignLocales: readonly string[], reader: string): LetterLocale[] {
  return [...new Set([reader, ...campaignLocales, ...LETTER_LOCALES].filter(isLetterLocale))];
}

export const DEFAULT_LOCALE: Locale = "en";

/** The cookie the language switch sets; it decides the language of un-prefixed paths. */
export const LOCALE_COOKIE = "cst_lang";

export const LOCALE_NAMES: Record<Locale, string> = Object.fromEntries(LOCALES.map((l) => [l, LANGUAGES[l].name])) as Record<Locale, string>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && Object.hasOwn(LANGUAGES, value);
}

/** The Intl locale for one of our languages (Canadian variants), the default language's for anything else. */
export function intlLocale(locale: string): string {
  return LANGUAGES[isLocale(locale) ? locale : DEFAULT_LOCALE].intl;
}

/** Picks the best supported language from an Accept-Language header. */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { lang: tag.trim().toLowerCase().split("-")[0], q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { lang } of ranked) if (isLocale(lang)) return lang;
  return DEFAULT_LOCALE;
}
