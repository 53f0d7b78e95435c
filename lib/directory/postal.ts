/** Canadian postal codes: "A1A 1A1". Never D, F, I, O, Q or U; W and Z never first. */

const FIRST = "ABCEGHJKLMNPRSTVXY";
const OTHER = "ABCEGHJKLMNPRSTVWXYZ";
const PATTERN = new RegExp(`^[${FIRST}][0-9][${OTHER}][0-9][${OTHER}][0-9]$`);

export type PostalResult =
  | { ok: true; postalCode: string; fsa: string; provinces: string[] }
  | { ok: false; error: "postal.required" | "postal.invalid" };

/** Province and territory codes by the first letter of a postal code. */
const PROVINCES_BY_LETTER: Record<string, string[]> = {
  A: ["NL"],
  B: ["NS"],
  C: ["PE"],
  E: ["NB"],
  G: ["QC"],
  H: ["QC"],
  J: ["QC"],
  K: ["ON"],
  L: ["ON"],
  M: ["ON"],
  N: ["ON"],
  P: ["ON"],
  R: ["MB"],
  S: ["SK"],
  T: ["AB"],
  V: ["BC"],
  X: ["NT", "NU"],
  Y: ["YT"],
};

/** Accepts any case and spacing (and a hyphen); returns the canonical "A1A 1A1". */
export function normalizePostalCode(input: string | null | undefined): PostalResult {
  const compact = (input ?? "").toUpperCase().replace(/[\s-]+/g, "");
  if (compact === "") return { ok: false, error: "postal.required" };
  if (!PATTERN.test(compact)) return { ok: false, error: "postal.invalid" };
  const fsa = compact.slice(0, 3);
  return {
    ok: true,
    postalCode: `${fsa} ${compact.slice(3)}`,
    fsa,
    provinces: PROVINCES_BY_LETTER[compact[0]] ?? [],
  };
}
