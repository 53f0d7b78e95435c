import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";

/**
 * CSV through csv-parse and csv-stringify (RFC 4180: quotes, doubled quotes, a BOM, CRLF or LF),
 * for the bundled data, imports and exports. Exported cells are made inert for spreadsheets.
 */

/** Every row as an array of fields; blank lines are skipped. */
export function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
}

/** A CSV record with the line it starts on, as an editor numbers lines (a quoted field may span lines). */
export interface CsvLine {
  line: number;
  cells: string[];
}

const lineBreaks = (s: string) => s.match(/\r\n|\r|\n/g)?.length ?? 0;

/**
 * Every record with the line it starts on; blank lines are skipped. A file csv-parse refuses (in
 * practice a quote left open) gives the line of the record it could not finish instead.
 */
export function parseCsvLines(text: string): { records: CsvLine[]; unclosedQuoteLine: number | null } {
  const records: CsvLine[] = [];
  // csv-parse counts the line a record ends on; the line breaks inside its quoted fields give the start.
  let lastEnd = 0;
  try {
    parse(text, {
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      on_record: (record: string[], { lines }) => {
        lastEnd = lines;
        if (record.length > 1 || record[0].trim() !== "") records.push({ line: lines - lineBreaks(record.join("")), cells: record });
        return null;
      },
    });
  } catch {
    const lines = text.split(/\r\n|\r|\n/);
    let line = lastEnd + 1;
    while (line < lines.length && lines[line - 1].trim() === "") line++;
    return { records, unclosedQuoteLine: line };
  }
  return { records, unclosedQuoteLine: null };
}

/** Rows as objects keyed by the header line, values trimmed. */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), (r[i] ?? "").trim()])));
}

/**
 * A cell a spreadsheet would run as a formula (= + - @, or a leading tab / carriage return) is
 * prefixed with an apostrophe so it shows as text.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  return neutraliseFormula(value instanceof Date ? value.toISOString() : String(value));
}

/** One CSV line (CRLF-terminated), every cell neutralised. */
export function csvRow(values: unknown[]): string {
  return stringify([values.map(cell)], { record_delimiter: "\r\n", quoted_match: /[",\r\n]/ });
}
