import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

const hrefs = new Map<string, string>();

/**
 * A file of public/ addressed by its content (`/site.css?v=<hash>`). The site's one stylesheet and
 * the campaign page's one script are linked this way by every page: the campaign page's static
 * document is not rendered by the React tree that would bundle them (docs/decisions/0021-campaign-page-static-document.md). A new
 * version is a new address, so browsers and CDNs may keep each for a year (next.config.ts).
 */
export function assetHref(file: "site.css" | "campaign.js" | "embed-frame.js"): string {
  let href = hrefs.get(file);
  if (!href) {
    const bytes = readFileSync(path.join(process.cwd(), "public", file));
    href = `/${file}?v=${createHash("sha256").update(bytes).digest("hex").slice(0, 12)}`;
    hrefs.set(file, href);
  }
  return href;
}

export const stylesheetHref = () => assetHref("site.css");
