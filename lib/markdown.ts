import { micromark } from "micromark";

/**
 * Organizer-authored Markdown → HTML that is inert: raw HTML in the source is escaped, not passed
 * through, and link/image URLs with dangerous protocols (javascript:, data:, vbscript:) are dropped.
 * The public page, the editor preview and emails all render through this one function.
 */
export function renderMarkdown(source: string): string {
  return micromark(source, { allowDangerousHtml: false, allowDangerousProtocol: false });
}

/** Plain text for places that must not hold markup at all (titles, Open Graph, subjects). */
export function plainText(source: string): string {
   
  return source.replace(/<[^>]*>/g, "").replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim();
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}
