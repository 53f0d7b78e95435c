import { formatNumber, translator } from "@/lib/i18n";
import { plainText } from "./markdown";
import type { PublicCampaign } from "./public";

/**
 * What the campaign page says about its share card (og:image), without loading the renderer
 * (share-image.tsx): its size, its alt text, how long it may be kept.
 */

/** The size every platform's large card expects (Open Graph, Bluesky, WhatsApp, X). */
export const SHARE_IMAGE_SIZE = { width: 1200, height: 630 } as const;

/**
 * How long a share card may be kept. The count on it is live, so a minute, and a CDN may serve an
 * older one for five while it fetches the next. The page names the card with its count
 * (`?n=`), so a platform that keeps images by address fetches a new one when the count moves; the
 * server ignores the parameter and always draws the current count.
 */
export const SHARE_IMAGE_CACHE_CONTROL = "public, max-age=60, s-maxage=60, stale-while-revalidate=300";

/** What the card says, also its alt text: public aggregate figures only, never a signer. */
export function shareImageAlt(c: Pick<PublicCampaign, "title" | "goal" | "organization">, locale: string, count: number): string {
  const m = translator(locale);
  return m("reach.shareImageAlt", { title: plainText(c.title), organization: c.organization.name, count: formatNumber(locale, count), goal: formatNumber(locale, c.goal) });
}
