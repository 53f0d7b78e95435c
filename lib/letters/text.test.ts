import { describe, expect, it } from "vitest";
import { composeLetter, mpTitle, partyName, renderTemplate, salutation, showPersonalSlot, storePersonalSlot, unknownMergeFields } from "./text";
import { personalScore } from "./similarity";

describe("an organizer saves a letter template", () => {
  it("is told which merge fields do not exist", () => {
    expect(unknownMergeFields("Dear {{mp_name}}, from {{ supporter_name }} in {{ridng}} {{city}}")).toEqual(["ridng", "city"]);
    expect(unknownMergeFields("{{mp_title}} {{riding}} {{postal_code}} {{personal_paragraph}}")).toEqual([]);
  });
});

describe("a supporter personalises a letter", () => {
  const template = "Dear {{mp_name}},\n\n{{personal_paragraph}}\n\nPlease support public reporting of export permits.\n\n{{supporter_name}}";
  const values = { mp_name: "Anita Anand", supporter_name: "Ani" };

  it("fills merge fields and puts her paragraph in its place", () => {
    const body = renderTemplate(template, values);
    expect(composeLetter(body, "My family is from Stepanakert.")).toBe(
      "Dear Anita Anand,\n\nMy family is from Stepanakert.\n\nPlease support public reporting of export permits.\n\nAni",
    );
    expect(composeLetter(body, "")).not.toContain("{{");
  });

  it("scores the template as 0% personal and her own words higher", () => {
    const baseline = renderTemplate(template, { ...values, personal_paragraph: "" });
    expect(personalScore(baseline, baseline)).toBe(0);
    const mine = composeLetter(renderTemplate(template, values), "My grandparents fled Shushi and I want to know who approved these permits.");
    expect(personalScore(mine, baseline)).toBeGreaterThan(0.4);
  });

  it("titles an honourable member in both languages", () => {
    expect(mpTitle({ name: "Anita Anand", honourable: true }, "en")).toBe("The Hon. Anita Anand, MP");
    expect(mpTitle({ name: "Anita Anand", honourable: true }, "fr")).toBe("L’hon. Anita Anand, députée ou député");
  });

  it("opens a French letter with a correct salutation, never a name after “Madame, Monsieur”, and names the party in French", () => {
    expect(salutation({ name: "Michael Coteau" }, "fr")).toBe("Madame, Monsieur,");
    expect(salutation({ name: "Michael Coteau" }, "en")).toBe("Dear Michael Coteau,");
    expect(partyName("Liberal", "fr")).toBe("libéral");
    expect(partyName("Conservative", "fr")).toBe("conservateur");
    expect(partyName("NDP", "fr")).toBe("NPD");
    expect(partyName("Liberal", "en")).toBe("Liberal");
  });

  it("never drops the supporter's own words when they remove the marker, and shows no raw tag in the box", () => {
    const marker = "[Your own words]";
    const shown = showPersonalSlot("Dear MP,\n\n{{personal_paragraph}}\n\nThanks", marker);
    expect(shown).toBe("Dear MP,\n\n[Your own words]\n\nThanks");
    expect(composeLetter(storePersonalSlot(shown, marker, "Mine."), "Mine.")).toBe("Dear MP,\n\nMine.\n\nThanks");
    const removed = storePersonalSlot("Dear MP,\n\nThanks", marker, "Mine.");
    expect(composeLetter(removed, "Mine.")).toBe("Dear MP,\n\nMine.\n\nThanks");
  });
});
