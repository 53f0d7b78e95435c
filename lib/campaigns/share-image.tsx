import { readFile } from "node:fs/promises";
import path from "node:path";
import { ImageResponse } from "next/og";
import { formatNumber, translator } from "@/lib/i18n";
import { SHARE_IMAGE_SIZE, shareImageAlt } from "./share-card";
import { getConfirmedCount } from "./count";
import { plainText } from "./markdown";
import { getPublicCampaign, type PublicCampaign } from "./public";

/**
 * Noto Sans (Latin, with the accents French needs) and Noto Sans Armenian, from npm
 * (@fontsource, SIL Open Font Licence) so the build needs nothing installed on the machine. WOFF,
 * not WOFF2: next/og reads TTF, OTF and WOFF only. Satori takes a glyph missing from the first
 * font from the next, so an Armenian title on an English card still renders.
 */
const FONT_FILES = [
  { name: "Noto Sans", weight: 400, file: "@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff" },
  { name: "Noto Sans", weight: 700, file: "@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff" },
  { name: "Noto Sans Ext", weight: 400, file: "@fontsource/noto-sans/files/noto-sans-latin-ext-400-normal.woff" },
  { name: "Noto Sans Ext", weight: 700, file: "@fontsource/noto-sans/files/noto-sans-latin-ext-700-normal.woff" },
  { name: "Noto Sans Armenian", weight: 400, file: "@fontsource/noto-sans-armenian/files/noto-sans-armenian-armenian-400-normal.woff" },
  { name: "Noto Sans Armenian", weight: 700, file: "@fontsource/noto-sans-armenian/files/noto-sans-armenian-armenian-700-normal.woff" },
] as const;

type Font = { name: string; data: Buffer; weight: 400 | 700; style: "normal" };
let fonts: Promise<Font[]> | null = null;

function loadFonts(): Promise<Font[]> {
  if (!fonts) {
    // Read from node_modules at run time (as Next.js's own next/og examples read a font file).
    const root = path.join(process.cwd(), "node_modules");
    fonts = Promise.all(FONT_FILES.map(async (f) => ({ name: f.name, weight: f.weight, style: "normal" as const, data: await readFile(path.join(root, f.file)) })));
    fonts.catch(() => (fonts = null));
  }
  return fonts;
}

/** A long title is cut at a word, so the card keeps its count in view. */
function shortTitle(title: string, max = 110): string {
  if (title.length <= max) return title;
  const cut = title.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function ShareCardImage({ c, locale, count }: { c: PublicCampaign; locale: string; count: number }) {
  const m = translator(locale);
  const title = shortTitle(plainText(c.title));
  const progress = c.goal > 0 ? Math.min(1, count / c.goal) : 0;
  return (
    <div
      style={{
        width: "100%",
        height: "100%",
        display: "flex",
        flexDirection: "column",
        justifyContent: "space-between",
        padding: "64px 72px",
        background: "#ffffff",
        color: "#1b1b1b",
        fontFamily: "Noto Sans, Noto Sans Ext, Noto Sans Armenian",
        borderTop: "16px solid #1f6f43",
      }}
    >
      <div style={{ display: "flex", flexDirection: "column" }}>
        <div style={{ fontSize: 30, color: "#4a4a4a" }}>{m("campaign.by", { organization: c.organization.name })}</div>
        <div style={{ fontSize: title.length > 80 ? 48 : title.length > 50 ? 56 : 66, fontWeight: 700, lineHeight: 1.15, marginTop: 20 }}>{title}</div>
      </div>
      <div style={{ display: "flex", flexDirection: "column" }}>
        <div style={{ fontSize: 44, fontWeight: 700, color: "#1f6f43" }}>
          {m("campaign.progress", { count: formatNumber(locale, count), goal: formatNumber(locale, c.goal) })}
        </div>
        <div style={{ display: "flex", width: "100%", height: 24, background: "#e3ece6", borderRadius: 12, marginTop: 20 }}>
          <div style={{ display: "flex", width: `${Math.round(progress * 1000) / 10}%`, height: 24, background: "#1f6f43", borderRadius: 12 }} />
        </div>
        <div style={{ fontSize: 26, color: "#4a4a4a", marginTop: 24 }}>{m("meta.siteName")}</div>
      </div>
    </div>
  );
}

/**
 * Each public campaign object (one per slug and language, held a few seconds by public.ts) with
 * its card rendered at one count: a surge of unfurls costs one render per count change, not one
 * per request (a render is tens of milliseconds). Weakly held, like the page's render cache.
 */
const rendered = new WeakMap<PublicCampaign, { count: number; png: Promise<ArrayBuffer> }>();

export interface ShareImage {
  png: ArrayBuffer;
  alt: string;
}

/**
 * A public campaign's share card in one language, as a PNG rendered by Next.js's own image
 * generation (next/og): title, organization, the live count and the goal. Null when the campaign
 * is not public.
 */
export async function renderShareImage(slug: string, locale: string): Promise<ShareImage | null> {
  const c = await getPublicCampaign(slug, locale);
  if (!c) return null;
  const count = await getConfirmedCount(c.id);
  let held = rendered.get(c);
  if (!held || held.count !== count) {
    const png = loadFonts().then((f) => new ImageResponse(<ShareCardImage c={c} locale={locale} count={count} />, { ...SHARE_IMAGE_SIZE, fonts: f }).arrayBuffer());
    held = { count, png };
    rendered.set(c, held);
    png.catch(() => {
      if (rendered.get(c) === held) rendered.delete(c);
    });
  }
  return { png: await held.png, alt: shareImageAlt(c, locale, count) };
}
