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
