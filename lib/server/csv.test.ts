import { describe, expect, it } from "vitest";
import { csvRow, parseCsv, parseCsvRecords } from "./csv";

describe("an organizer opens an export in a spreadsheet", () => {
  it("sees formulas as text, never run", () => {
    expect(csvRow(["=HYPERLINK(\"http://evil\")", "+1", "-2", "@SUM(A1)", "\tTab", "Ani"])).toBe(
      `"'=HYPERLINK(""http://evil"")",'+1,'-2,'@SUM(A1),'\tTab,Ani\r\n`,
    );
  });

  it("keeps commas, quotes and line breaks inside one cell", () => {
    const line = csvRow(["Petrosyan, Ani", 'She said "no"', "two\nlines", null, 3]);
    expect(parseCsv(line)).toEqual([["Petrosyan, Ani", 'She said "no"', "two\nlines", "", "3"]]);
  });
});

describe("the bundled data loads", () => {
  it("reads quoted fields, a BOM and CRLF line ends", () => {
    expect(parseCsvRecords('\ufeffa,b\r\n1,"x, ""y"""\r\n')).toEqual([{ a: "1", b: 'x, "y"' }]);
  });
});
