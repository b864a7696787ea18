export const FORMATS = ['csv', 'ndjson'] as const;
export type ExportFormat = (typeof FORMATS)[number];

export type Cell = string | number | null;
/** One exported row: its cells in the dataset's column order. */
export type ExportRow = readonly Cell[];

/** Turns pages of rows into the text of the download; the header (if any) is sent before the first page. */
export interface RowEncoder {
  readonly contentType: string;
  readonly extension: string;
  header(): string;
  rows(rows: readonly ExportRow[]): string;
}

/**
 * A text cell a spreadsheet would read as a formula (OWASP "CSV injection") gets a leading `'`, so it
 * shows as the text it is: cells starting with `=`, `+`, `-`, `@`, tab or carriage return, and the
 * full-width forms of the first four, which some spreadsheets normalise. Numbers are never passed
 * here: a negative number stays a number.
 */
export function neutraliseFormula(text: string): string {
  switch (text.charCodeAt(0)) {
    case 0x3d: // =
    case 0x2b: // +
    case 0x2d: // -
    case 0x40: // @
    case 0x09: // tab
    case 0x0d: // carriage return
    case 0xff1d: // ＝
    case 0xff0b: // ＋
    case 0xff0d: // －
    case 0xff20: // ＠
      return `'${text}`;
    default:
      return text;
  }
}

/** A cell RFC 4180 says must be quoted: one holding a comma, a double quote, a CR or an LF. */
const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;

/** One CSV cell: empty for null, numbers as they are, text neutralised and quoted when it must be. */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = neutraliseFormula(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(QUOTE, '""')}"` : text;
}

/**
 * RFC 4180: a header row, CRLF line ends, cells quoted when they hold a comma, a quote or a line break.
 * Written by hand rather than with csv-stringify: for the export's plain cells (text, numbers, null)
 * csv-stringify's per-cell option handling was a third of the export's CPU time; its output is the
 * oracle of this encoder's spec (export-formats.spec.ts compares the two on generated cells).
 */
export class CsvEncoder implements RowEncoder {
  readonly contentType = 'text/csv; charset=utf-8';
  readonly extension = 'csv';

  constructor(private readonly columns: readonly string[]) {}

  header(): string {
    return this.rows([this.columns]);
  }

  rows(rows: readonly ExportRow[]): string {
    let text = '';
    for (const row of rows) {
      for (let i = 0; i < row.length; i++) text += i === 0 ? csvCell(row[i]) : `,${csvCell(row[i])}`;
      text += '\r\n';
    }
    return text;
  }
}

/** One JSON object per line, keys in column order; values as they are (no formula neutralising: JSON is not a spreadsheet). */
export class NdjsonEncoder implements RowEncoder {
  readonly contentType = 'application/x-ndjson; charset=utf-8';
  readonly extension = 'ndjson';
  /** `{"first":`, `,"second":`, …: each row is written without building an object first. */
  private readonly keys: string[];

  constructor(columns: readonly string[]) {
    this.keys = columns.map((column, i) => `${i === 0 ? '{' : ','}${JSON.stringify(column)}:`);
  }

  header(): string {
    return '';
  }

  rows(rows: readonly ExportRow[]): string {
    const { keys } = this;
    let text = '';
    for (const row of rows) {
      for (let i = 0; i < keys.length; i++) text += keys[i] + JSON.stringify(row[i] ?? null);
      text += '}\n';
    }
    return text;
  }
}

export function encoderFor(format: ExportFormat, columns: readonly string[]): RowEncoder {
  return format === 'csv' ? new CsvEncoder(columns) : new NdjsonEncoder(columns);
}
