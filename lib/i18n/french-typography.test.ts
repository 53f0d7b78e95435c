import { describe, expect, it } from "vitest";
import fr from "./messages/fr";

/** Every string of a catalogue with its key path. */
function strings(value: unknown, path: string[] = []): { key: string; text: string }[] {
  if (typeof value === "string") return [{ key: path.join("."), text: value }];
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => strings(v, [...path, k]));
  return [];
}

/** Outside URLs, times ("14:30") and ICU arguments, French puts a no-break space before : ; ! ? and inside « ». */
function typographyFaults(text: string): string[] {
  const plain = text
    .replace(/https?:\/\/\S*/g, "")
    .replace(/\b[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,}(?:\/\d+)?/gi, "")
    .replace(/\d:\d/g, "")
    .replace(/\{[^{}]*\}/g, "x");
  const faults: string[] = [];
  for (const m of plain.matchAll(/(.)([:;!?])/g)) {
    if (m[1] !== "\u00a0" && m[1] !== "\u202f") faults.push(`“${m[0]}” needs a no-break space before ${m[2]}`);
  }
  for (const m of plain.matchAll(/«(.)|(.)»/g)) {
    const inner = m[1] ?? m[2];
    if (inner !== "\u00a0" && inner !== "\u202f") faults.push(`“${m[0]}” needs a no-break space inside the guillemets`);
  }
  if (/"[^"]+"/.test(plain)) faults.push("English quotation marks: use « »");
  return faults;
}

describe("the French interface follows French typography", () => {
  it("puts a no-break space before : ; ! ? and inside « », and quotes with « » in every message", () => {
    const faults = strings(fr).flatMap(({ key, text }) => typographyFaults(text).map((f) => `${key}: ${f}`));
    expect(faults).toEqual([]);
  });

  it("catches what it is meant to catch", () => {
    expect(typographyFaults("Attention: ceci")).toHaveLength(1);
    expect(typographyFaults("« Titre »")).toHaveLength(2);
    expect(typographyFaults("Attention\u00a0: voir https://exemple.ca/a?b=c à 14:30, «\u00a0Titre\u00a0»\u202f!")).toEqual([]);
  });
});
