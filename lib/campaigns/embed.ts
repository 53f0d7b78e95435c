import { paths } from "@/lib/paths";

/**
 * The embeddable sign form (docs/decisions/0031-embeddable-sign-form.md): a partner site pastes an
 * iframe of `/<locale>/campaigns/<slug>/embed` and our small script, which sizes the frame from the
 * height the framed page posts. Pure: used by the organizer's page and by tests.
 */

/** The tag of a signature made in an embedded form when its snippet named none (`?src=` still wins). */
export const EMBED_SOURCE = "embed";

/** The message the framed page posts to its parent, and the only one public/embed.js acts on. */
export const EMBED_HEIGHT_MESSAGE = "constituent:height";

/** The partner-side script, a fixed address (partners paste it once): public/embed.js. */
export const EMBED_SCRIPT_PATH = "/embed.js";

export interface EmbedSnippet {
  /** The framed page's full address. */
  frameUrl: string;
  /** The sizing script's full address. */
  scriptUrl: string;
  /** What a partner pastes into their page. */
  html: string;
}

/** Text inside a double-quoted HTML attribute. */
function attribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * The snippet for one campaign in one language. `base` is PUBLIC_URL; `title` names the frame for
 * screen readers (the campaign's title); `source` is an optional tag for this partner.
 */
export function embedSnippet({ base, locale, slug, title, source }: { base: string; locale: string; slug: string; title: string; source?: string | null }): EmbedSnippet {
  const frameUrl = `${base}${paths.embed(locale, slug, { src: source })}`;
  const scriptUrl = `${base}${EMBED_SCRIPT_PATH}`;
  const html =
    `<iframe src="${attribute(frameUrl)}" title="${attribute(title)}" style="width:100%;height:44rem;border:0" loading="lazy"></iframe>\n` +
    `<script src="${attribute(scriptUrl)}" async></script>`;
  return { frameUrl, scriptUrl, html };
}
