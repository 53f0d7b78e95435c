import MarkdownIt from "markdown-it";

/**
 * The longest Markdown rendered, in characters: a campaign body's limit (lib/campaigns/editor.ts).
 * Every input up to this length renders in milliseconds (docs/decisions/0015); longer input is
 * refused by the editor and its preview, and cut here should any reach this far.
 */
export const MARKDOWN_MAX_LENGTH = 50_000;

/** Longer addresses are not links: no real page needs one, and each use of a reference repeats it. */
const MAX_URL_LENGTH = 2_000;

/**
 * What links and images may add to a page in addresses and titles, in characters. A reference
 * definition is written once and may be used thousands of times: without a budget, 50 kB of
 * `[a]: <25 kB address>` and `[a][a][a]…` renders to 100 MB (cmark bounds this the same way).
 * Inline links spend their own characters, so no page within the length limit reaches this.
 */
const LINK_BUDGET = 2 * MARKDOWN_MAX_LENGTH;

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const SAFE_SCHEMES = new Set(["http", "https", "mailto", "tel"]);

/** Relative addresses and a few schemes only: javascript:, data:, vbscript: and the rest are not links. */
function isSafeUrl(url: string): boolean {
  if (url.length > MAX_URL_LENGTH) return false;
  const scheme = SCHEME.exec(url.trim());
  return !scheme || SAFE_SCHEMES.has(scheme[1].toLowerCase());
}

// Strict CommonMark (no tables or strikethrough, as before), raw HTML shown as text. maxNesting
// bounds how deep blocks and inline markup may nest (deeper content is not shown): at
// markdown-it's default of 100, each of 50,000 "[" costs a hundred steps. (A variable, because
// @types/markdown-it does not list maxNesting.)
const options = { html: false, linkify: false, typographer: false, maxNesting: 20 };
const md = new MarkdownIt("commonmark", options);
md.validateLink = isSafeUrl;

md.core.ruler.push("link_budget", (state) => {
  let spent = 0;
  for (const block of state.tokens) {
    if (block.type !== "inline" || !block.children) continue;
    const kept: typeof block.children = [];
    let droppedLink = false;
    for (const t of block.children) {
      if (t.type === "link_open" || t.type === "image") {
        spent += (t.attrGet(t.type === "image" ? "src" : "href")?.length ?? 0) + (t.attrGet("title")?.length ?? 0);
        if (spent > LINK_BUDGET) {
          // Over budget: a link keeps its text, an image its description, as if written plainly.
          if (t.type === "link_open") droppedLink = true;
          else {
            const text = new state.Token("text", "", 0);
            text.content = t.content;
            kept.push(text);
          }
          continue;
        }
      } else if (t.type === "link_close" && droppedLink) {
        droppedLink = false;
        continue;
      }
      kept.push(t);
    }
    block.children = kept;
  }
});

/** At most MARKDOWN_MAX_LENGTH characters, never ending inside a surrogate pair. */
function clampMarkdown(source: string): string {
  if (source.length <= MARKDOWN_MAX_LENGTH) return source;
  const end = /[\uD800-\uDBFF]/.test(source[MARKDOWN_MAX_LENGTH - 1]) ? MARKDOWN_MAX_LENGTH - 1 : MARKDOWN_MAX_LENGTH;
  return source.slice(0, end);
}

/** Whether Markdown is over the length the editor accepts (measured as saved: trimmed). */
export function isMarkdownTooLong(source: string): boolean {
  return source.trim().length > MARKDOWN_MAX_LENGTH;
}

/**
 * Organizer-authored Markdown → HTML that is inert: raw HTML in the source is escaped, not passed
 * through, and link/image URLs with dangerous protocols (javascript:, data:, vbscript:) are not
 * links. The public page, the editor preview (server and browser) and emails all render through
 * this one function.
 */
export function renderMarkdown(source: string): string {
  return md.render(clampMarkdown(source));
}

/** Plain text for places that must not hold markup at all (titles, Open Graph, subjects). */
export function plainText(source: string): string {
   
  return source.replace(/<[^>]*>/g, "").replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim();
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}
