/**
 * Text compared without case or accents: "Montréal" and "MONTREAL" fold alike, so do "ﬁ" and
 * "fi" (compatibility forms). Pure, so the browser may use it too.
 */
export function foldAccents(s: string): string {
  return s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
}
