/** What a campaign's or an organization's slug may be: lower-case words of letters and digits joined by single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MIN_LENGTH = 3;
export const SLUG_MAX_LENGTH = 80;

/** Whether a string could be a saved campaign's slug: anything else names no campaign, so needs no query. */
export function isCampaignSlug(s: string): boolean {
  return s.length >= SLUG_MIN_LENGTH && s.length <= SLUG_MAX_LENGTH && SLUG_PATTERN.test(s);
}
