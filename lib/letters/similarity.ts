import { foldAccents } from "@/lib/fold";

/**
 * "How personal is this letter": the share of the letter's word trigrams that do not appear in the
 * campaign's template. Pure and small so the page can show it live and the server can store it.
 */
function shingles(text: string): string[] {
  const words = foldAccents(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  if (words.length < 3) return words.length ? [words.join(" ")] : [];
  const out: string[] = [];
  for (let i = 0; i + 2 < words.length; i++) out.push(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  return out;
}

export function personalScore(letter: string, template: string): number {
  const mine = shingles(letter);
  if (mine.length === 0) return 0;
  const theirs = new Set(shingles(template));
  const own = mine.filter((s) => !theirs.has(s)).length;
  return Math.round((own / mine.length) * 100) / 100;
}
