import { jest } from '@jest/globals';
import { BadRequestException } from '@nestjs/common';
import type { Principal } from '@cairn/accounts';
import type { StatsService } from '@cairn/aggregation';
import type { ReadStore, StatsQuery } from '@cairn/read-store';
import type { BreakdownRow } from '@cairn/contracts';
import { EVENT_SELECT, type RawRow } from './export-datasets.js';
import type { ExportReader, ExportRepository, Keyset } from './export.repository.js';
import { BREAKDOWN_PAGE, ExportService } from './export.service.js';

const PAGE = 500;

const principal = { userId: 1 } as unknown as Principal;
const scope: StatsQuery = { siteId: 7, range: { from: Date.parse('2026-03-10T00:00:00Z'), to: Date.parse('2026-03-11T00:00:00Z') }, filters: new Map() };

function event(id: number, ts: number): RawRow {
  const row: Record<string, unknown> = { ts, id, type: 'pageview', path: `/${id}`, visit_id: 1, visitor_id: 'abc', source: 'Direct / None', device: 'desktop' };
  return EVENT_SELECT.map((column) => row[column] ?? null);
}

/** A reader over `count` events, several per millisecond, that records each page asked for and whether it was closed. */
function fakeReader(count: number) {
  const events = Array.from({ length: count }, (_, i) => event(i + 1, scope.range.from + Math.floor(i / 3)));
  const asked: Keyset[] = [];
  const state = { closed: false };
  const reader: ExportReader = {
    pageSize: PAGE,
    events: async (_scope, after, each) => {
      asked.push(after);
      const page = events.filter(([ts, id]) => (ts as number) > after.at || (ts === after.at && (id as number) > after.id)).slice(0, PAGE);
      page.forEach(each);
      return page.length;
    },
    visits: async () => 0,
    close: () => void (state.closed = true),
  };
  return { reader, asked, state };
}

async function text(chunks: AsyncGenerator<string>): Promise<string> {
  let all = '';
  for await (const chunk of chunks) all += chunk;
  return all;
}

describe(ExportService.name, () => {
  let stats: { scope: jest.Mock<StatsService['scope']> };
  let statsRepository: { breakdown: jest.Mock<ReadStore['breakdown']> };
  let repository: { open: jest.Mock<ExportRepository['open']> };
  let sut: ExportService;

  beforeEach(() => {
    stats = { scope: jest.fn<StatsService['scope']>(async () => ({ scope, zone: 'UTC', domain: 'example.com' })) };
    statsRepository = { breakdown: jest.fn<ReadStore['breakdown']>(async () => []) };
    repository = { open: jest.fn<ExportRepository['open']>() };
    sut = new ExportService(stats as unknown as StatsService, statsRepository as unknown as ReadStore, repository as unknown as ExportRepository);
  });

  it('refuses a bad format, a bad dataset and unknown parameters together, before looking the site up', async () => {
    const error = await sut.prepare(principal, { site: 'example.com', format: 'xml', dataset: 'colour', sort: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestException);
    const body = (error as BadRequestException).getResponse() as { error: string; details: Array<{ field: string }> };
    expect(body.error).toBe('Invalid request');
    expect(body.details.map((d) => d.field).sort()).toEqual(['dataset', 'format', 'sort']);
    expect(stats.scope).not.toHaveBeenCalled();
  });

  it('names the file after site, dataset and days, and defaults to events as CSV', async () => {
    const prepared = await sut.prepare(principal, { site: 'example.com' });
    expect(prepared.fileName).toBe('example.com-events-2026-03-10-2026-03-10.csv');
    expect(prepared.contentType).toBe('text/csv; charset=utf-8');
    expect((await sut.prepare(principal, { site: 'example.com', dataset: 'prop:plan', format: 'ndjson' })).fileName).toBe('example.com-prop-plan-2026-03-10-2026-03-10.ndjson');
  });

  it('reads events page by page after the last (time, id) sent, every row once, and closes the reader', async () => {
    const count = 2 * PAGE + 7;
    const fake = fakeReader(count);
    repository.open.mockReturnValue(fake.reader);
    const prepared = await sut.prepare(principal, { site: 'example.com', format: 'ndjson' });
    const lines = (await text(prepared.chunks())).trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => line.path)).toEqual(Array.from({ length: count }, (_, i) => `/${i + 1}`));
    expect(lines[0]).toMatchObject({ time: '2026-03-10T00:00:00.000Z', type: 'pageview', title: null, engaged_seconds: null, visit_id: 1, source: 'Direct / None', device: 'desktop' });
    expect(fake.asked).toHaveLength(3);
    expect(fake.asked[0]).toEqual({ at: scope.range.from, id: 0 });
    expect(fake.asked[1]).toEqual({ at: scope.range.from + Math.floor((PAGE - 1) / 3), id: PAGE });
    expect(fake.state.closed).toBe(true);
  });

  it('sends the CSV header with the first page, and alone when there is nothing', async () => {
    repository.open.mockReturnValue(fakeReader(0).reader);
    const chunks: string[] = [];
    for await (const chunk of (await sut.prepare(principal, { site: 'example.com' })).chunks()) chunks.push(chunk);
    expect(chunks).toEqual([expect.stringMatching(/^time,type,path,title,name,props,engaged_seconds,visit_id,visitor_id,referrer,.*,screen\r\n$/)]);
  });

  it('releases the reader when the consumer stops early', async () => {
    const fake = fakeReader(3 * PAGE);
    repository.open.mockReturnValue(fake.reader);
    for await (const chunk of (await sut.prepare(principal, { site: 'example.com' })).chunks()) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    expect(fake.asked).toHaveLength(1);
    expect(fake.state.closed).toBe(true);
  });

  it('pages a breakdown until a short page; a prop: page one row short is not the last', async () => {
    const rows = (n: number, from = 0): BreakdownRow[] => Array.from({ length: n }, (_, i) => ({ value: `v${from + i}`, visitors: 1, visits: 1, events: 1 }));
    statsRepository.breakdown
      .mockResolvedValueOnce(rows(BREAKDOWN_PAGE - 1)) // the group without the property was dropped
      .mockResolvedValueOnce(rows(BREAKDOWN_PAGE, BREAKDOWN_PAGE))
      .mockResolvedValueOnce(rows(3, 2 * BREAKDOWN_PAGE));
    const prepared = await sut.prepare(principal, { site: 'example.com', dataset: 'prop:plan', format: 'ndjson' });
    const lines = (await text(prepared.chunks())).trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2 * BREAKDOWN_PAGE + 2);
    expect(lines[0]).toEqual({ value: 'v0', visitors: 1, visits: 1, events: 1 });
    expect(statsRepository.breakdown.mock.calls.map((call) => call.slice(1))).toEqual([
      ['prop:plan', BREAKDOWN_PAGE, 0],
      ['prop:plan', BREAKDOWN_PAGE, BREAKDOWN_PAGE],
      ['prop:plan', BREAKDOWN_PAGE, 2 * BREAKDOWN_PAGE],
    ]);
  });
});
