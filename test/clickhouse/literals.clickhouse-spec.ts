import { ClickHouse, ensureSchema, sqlList, sqlLiteral } from '@cairn/clickhouse';
import { testClickHouse, type TestClickHouse } from '../support/test-clickhouse.js';

/** Text with every kind of character a collected field or a filter may hold. */
function randomText(next: () => number): string {
  const pieces = ["'", '\\', '"', '\u0000', '\n', '\r', '\t', '\u001f', '\u007f', '`', '%', '_', '*', '?', '[', ']', '{', '}', ';', '--', '/*', 'é', 'ß', '東京', '🙂', '\u200b', '\ufeff', 'a', 'Z', '0', ' ', '\\x00', "\\'", '\\\\'];
  return Array.from({ length: next() % 10 }, () => pieces[next() % pieces.length]).join('');
}

describe('sqlLiteral against ClickHouse', () => {
  let target: TestClickHouse;
  let clickhouse: ClickHouse;

  beforeAll(async () => {
    target = testClickHouse();
    clickhouse = new ClickHouse(target.options);
    await clickhouse.ensureDatabase();
  });

  afterAll(async () => {
    await clickhouse?.close();
    await target?.drop();
  });

  it('reads every string back byte for byte, in a SELECT and inside arrays', async () => {
    let seed = 20251214;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const texts = Array.from({ length: 3000 }, () => randomText(next));
    // Every code unit 0–255 on its own too.
    for (let code = 0; code < 256; code++) texts.push(String.fromCharCode(code));
    for (let i = 0; i < texts.length; i += 500) {
      const chunk = texts.slice(i, i + 500);
      const [row] = await clickhouse.rows<{ values: string[]; lengths: string[] }>(
        `SELECT ${sqlLiteral(chunk)} AS values, arrayMap(x -> length(x), values) AS lengths`,
      );
      expect(row.values).toEqual(chunk);
      expect(row.lengths.map(Number)).toEqual(chunk.map((text) => Buffer.byteLength(text)));
    }
  });

  it('matches exactly the rows whose value is the literal, and no other', async () => {
    await clickhouse.command(`CREATE TABLE ${clickhouse.table('probe')} (id UInt32, value String) ENGINE = MergeTree ORDER BY id`);
    const values = ["a'b", 'a\\b', "a\\'b", 'a\u0000b', 'a', 'b', "'", '\\', '🙂', "' OR '1'='1", 'x\\', ''];
    await clickhouse.insert('probe', values.map((value, id) => ({ id, value })));
    for (const [id, value] of values.entries()) {
      const rows = await clickhouse.rows<{ id: number }>(`SELECT id FROM ${clickhouse.table('probe')} WHERE value = ${sqlLiteral(value)}`);
      expect(rows.map((row) => Number(row.id))).toEqual([id]);
      const listed = await clickhouse.rows<{ id: number }>(`SELECT id FROM ${clickhouse.table('probe')} WHERE value IN (${sqlList([value, 'not there'])}) ORDER BY id`);
      expect(listed.map((row) => Number(row.id))).toEqual([id]);
    }
    const [count] = await clickhouse.rows<{ n: string }>(`SELECT count() AS n FROM ${clickhouse.table('probe')}`);
    expect(Number(count.n)).toBe(values.length);
  });

  it('reads numbers back as the same numbers, negative ones and arithmetic included', async () => {
    const [row] = await clickhouse.rows<Record<string, string | number>>(
      `SELECT ${sqlLiteral(1765700000123)} AS ms, ${sqlLiteral(29.9)} AS price, 10 - ${sqlLiteral(-3)} AS diff, ${sqlLiteral(true)} AS yes, ${sqlLiteral(null)} AS nothing`,
    );
    expect(Number(row.ms)).toBe(1765700000123);
    expect(Number(row.price)).toBe(29.9);
    expect(Number(row.diff)).toBe(13);
    expect(Number(row.yes)).toBe(1);
    expect(row.nothing).toBeNull();
  });
});

describe('ensureSchema', () => {
  for (const kind of ['single', 'cluster'] as const) {
    it(`creates the tables on ${kind === 'single' ? 'one server' : 'both shards, Distributed'}, and again without complaint`, async () => {
      const target = testClickHouse(kind);
      const clickhouse = new ClickHouse(target.options);
      try {
        await ensureSchema(clickhouse);
        await ensureSchema(clickhouse);
        const [tables] = await clickhouse.rowsOnEveryShard<{ name: string; engine: string }>(
          `SELECT name, engine FROM system.tables WHERE database = ${sqlLiteral(target.database)} ORDER BY name`,
        );
        const expected =
          kind === 'single'
            ? [['events', 'MergeTree'], ['feed_state', 'ReplacingMergeTree'], ['visits', 'VersionedCollapsingMergeTree']]
            : [
                ['events', 'Distributed'],
                ['events_local', 'MergeTree'],
                ['feed_state', 'Distributed'],
                ['feed_state_local', 'ReplacingMergeTree'],
                ['visits', 'Distributed'],
                ['visits_local', 'VersionedCollapsingMergeTree'],
              ];
        expect(tables.map((table) => [table.name, table.engine])).toEqual(expected);
      } finally {
        await clickhouse.close();
        await target.drop();
      }
    });
  }
});
