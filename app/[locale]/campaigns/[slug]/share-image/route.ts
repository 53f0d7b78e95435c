import { SHARE_IMAGE_CACHE_CONTROL } from "@/lib/campaigns/share-card";
import { renderShareImage } from "@/lib/campaigns/share-image";
import { isLocale } from "@/lib/i18n";

/**
 * A campaign's share card (Open Graph / Twitter image), PNG, in the page's language: what a link
 * to the campaign shows on social networks and in chats. Public aggregate figures only; cached a
 * minute (the count moves). An unknown or unpublished campaign is a 404.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ locale: string; slug: string }> }) {
  const { locale, slug } = await params;
  const image = isLocale(locale) ? await renderShareImage(slug, locale) : null;
  if (!image) return new Response("not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=60" } });
  return new Response(image.png, {
    headers: { "Content-Type": "image/png", "Cache-Control": SHARE_IMAGE_CACHE_CONTROL, "Content-Length": String(image.png.byteLength) },
  });
}
