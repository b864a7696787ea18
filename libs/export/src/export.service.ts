import { Injectable } from '@nestjs/common';
import type { Principal } from '@cairn/accounts';
import { parseDimension, ParamsError, refuseUnknown, StatsService, type RawParams } from '@cairn/aggregation';
import { propKey, ReadStore, type StatsQuery } from '@cairn/read-store';
import { DIMENSIONS, type Dimension, type FieldProblem } from '@cairn/contracts';
import { invalidFields } from '@cairn/http';
import { breakdownRow, columnsOf, eventRow, keysetOf, visitRow, type ExportDataset, type RawRow } from './export-datasets.js';
import { exportFileName } from './export-file-name.js';
import { encoderFor, FORMATS, type ExportFormat, type ExportRow, type RowEncoder } from './export-formats.js';
import { ExportRepository, type ExportReader, type Keyset, type RowSink } from './export.repository.js';

const KNOWN = ['site', 'period', 'start', 'end', 'format', 'dataset', 'segment'];

/** Rows per page of a breakdown (ReadStore.breakdown's limit and offset). */
export const BREAKDOWN_PAGE = 1000;

/** An export whose parameters, site and slice were accepted: what to call it, and its text, a chunk at a time. */
export interface PreparedExport {
  fileName: string;
  contentType: string;
  /** For log lines: site and dataset. */
  label: string;
  /** The header with the first page's text, then a chunk per page; stopping early (return()) releases the reader. */
  chunks(): AsyncGenerator<string, void, undefined>;
}

/** GET /api/export: checks everything a 4xx could be about before the first byte, then reads page by page. */
@Injectable()
export class ExportService {
  constructor(
    private readonly stats: StatsService,
    private readonly store: ReadStore,
    private readonly repository: ExportRepository,
  ) {}

  async prepare(principal: Principal, raw: RawParams): Promise<PreparedExport> {
    let format: ExportFormat;
    let dataset: ExportDataset;
    let slice: Awaited<ReturnType<StatsService['scope']>>;
    try {
      [format, dataset] = parseExportParams(raw);
      slice = await this.stats.scope(principal, raw);
    } catch (error) {
      if (error instanceof ParamsError) throw invalidFields(error.problems);
      throw error;
    }
    const { scope, zone, domain } = slice;
    const columns = columnsOf(dataset);
    const encoder = encoderFor(format, columns);
    const pages = () => this.pages(dataset, scope, columns, encoder);
    return {
      fileName: exportFileName(domain, dataset, scope.range, zone, encoder.extension),
      contentType: encoder.contentType,
      label: `${domain} ${dataset}`,
      async *chunks() {
        // The first page is read before anything is sent: a failing query can still be a 500 answer.
        let header = encoder.header();
        for await (const text of pages()) {
          yield header + text;
          header = '';
        }
        if (header) yield header;
      },
    };
  }

  /** The dataset's text, a page at a time (never an empty page). */
  private pages(dataset: ExportDataset, scope: StatsQuery, columns: readonly string[], encoder: RowEncoder): AsyncGenerator<string> {
    if (dataset === 'events') return this.rawPages(scope, (reader, after, each) => reader.events(scope, after, each), eventRow, encoder);
    if (dataset === 'visits') return this.rawPages(scope, (reader, after, each) => reader.visits(scope, after, each), visitRow, encoder);
    return this.breakdownPages(scope, dataset, columns, encoder);
  }

  private async *rawPages(
    scope: StatsQuery,
    read: (reader: ExportReader, after: Keyset, each: RowSink) => Promise<number>,
    toRow: (raw: RawRow) => ExportRow,
    encoder: RowEncoder,
  ): AsyncGenerator<string> {
    const reader = this.repository.open();
    try {
      let after: Keyset = { at: scope.range.from, id: 0 };
      for (;;) {
        const page = await encodePage((each) => read(reader, after, each), toRow, encoder);
        if (page.count === 0) return;
        yield page.text;
        if (page.count < reader.pageSize) return;
        after = page.next!;
      }
    } finally {
      reader.close();
    }
  }

  private async *breakdownPages(scope: StatsQuery, dimension: Dimension, columns: readonly string[], encoder: RowEncoder): AsyncGenerator<string> {
    // A prop: page can come back one row short (the group without the property is dropped), so only a
    // page shorter than that is the last.
    const last = BREAKDOWN_PAGE - (propKey(dimension) === null ? 0 : 1);
    for (let offset = 0; ; offset += BREAKDOWN_PAGE) {
      const rows = await this.store.breakdown(scope, dimension, BREAKDOWN_PAGE, offset);
      if (rows.length) yield encoder.rows(rows.map((row) => breakdownRow(row, columns)));
      if (rows.length < last) return;
    }
  }
}

/** A page's text, and where the next page starts; its rows are garbage by the time the text is sent. */
async function encodePage(
  read: (each: RowSink) => Promise<number>,
  toRow: (raw: RawRow) => ExportRow,
  encoder: RowEncoder,
): Promise<{ text: string; count: number; next: Keyset | null }> {
  const rows: ExportRow[] = [];
  let last: RawRow | null = null;
  const count = await read((raw) => {
    rows.push(toRow(raw));
    last = raw;
  });
  return { text: count ? encoder.rows(rows) : '', count, next: last === null ? null : keysetOf(last) };
}

/** `format` (default csv) and `dataset` (default events); their problems and unknown parameters reported together. */
export function parseExportParams(raw: RawParams): [ExportFormat, ExportDataset] {
  const problems: FieldProblem[] = [];
  try {
    refuseUnknown(raw, KNOWN);
  } catch (error) {
    if (!(error instanceof ParamsError)) throw error;
    problems.push(...error.problems);
  }
  const format = raw.format ?? 'csv';
  if (typeof format !== 'string' || !(FORMATS as readonly string[]).includes(format)) {
    problems.push({ field: 'format', problems: [`format must be ${FORMATS.join(' or ')} (got ${JSON.stringify(format)})`] });
  }
  const dataset = raw.dataset ?? 'events';
  let parsed: ExportDataset = 'events';
  try {
    parsed = dataset === 'events' || dataset === 'visits' ? dataset : parseDimension(dataset, 'dataset');
  } catch (error) {
    if (!(error instanceof ParamsError)) throw error;
    problems.push({
      field: 'dataset',
      problems: [`dataset must be events, visits, or a breakdown dimension: ${DIMENSIONS.join(', ')}, prop:<key> (got ${JSON.stringify(dataset)})`],
    });
  }
  if (problems.length) throw new ParamsError(problems);
  return [format as ExportFormat, parsed];
}
