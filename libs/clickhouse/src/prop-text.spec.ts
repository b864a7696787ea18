import Database from 'better-sqlite3';
import { Sql } from '@cairn/read-store';
import { plainDecimal, postgresText, PropText } from './prop-text.js';

describe(PropText.name, () => {
  it('gives each value the text SQLite reads it as, through the SQL read store\'s own expression', () => {
    const sut = new PropText('sqlite');
    const db = new Database(':memory:');
    let seed = 99;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const values = (): unknown => {
      switch (next() % 7) {
        case 0:
          return ['pro', '', "it's", 'a\\b', 'x\u0000y', '🙂 東京', '"quoted"', 'line\nbreak'][next() % 8];
        case 1:
          return next() % 2 === 0;
        case 2:
          return (next() % 100_000) - 50_000;
        case 3:
          return ((next() % 1_000_000) - 500_000) / 1000;
        case 4:
          return [0.1 + 0.2, 1 / 3, 1e21, 1.5e-7, 5e-324, 1.7976931348623157e308, 123456789012345680000, 9007199254740993, 2 ** 63, -0][next() % 10];
        case 5:
          return (next() / 2 ** 31) * 10 ** ((next() % 40) - 20);
        default:
          return Math.round(next() / 7) / 100;
      }
    };
    for (let round = 0; round < 3000; round++) {
      const props: Record<string, unknown> = {};
      for (let k = 0, n = 1 + (next() % 4); k < n; k++) props[['plan', 'amount', 'ok', 'Größe', 'a.b', 'k' + k][next() % 6]] = values();
      const json = JSON.stringify(props);
      const { keys, values: texts } = sut.columns(json);
      expect(keys).toEqual(Object.keys(props));
      keys.forEach((key, i) => {
        const sql = new Sql('sqlite');
        const text = `SELECT ${sql.jsonText('j.props', key)} AS text FROM (SELECT ? AS props) j`;
        const row = db.prepare(text).get(...sql.params, json) as { text: string | null };
        expect(texts[i]).toBe(row.text);
      });
    }
  });

  it('has no properties for no props, an empty string, text that is not JSON, or JSON that is not an object', () => {
    for (const engine of ['sqlite', 'postgres'] as const) {
      const sut = new PropText(engine);
      for (const props of [null, '', 'not json', '[1,2]', '"text"', '3']) expect(sut.columns(props)).toEqual({ keys: [], values: [] });
    }
  });

  it('reads as PostgreSQL\'s ->> does on a PostgreSQL primary', () => {
    const sut = new PropText('postgres');
    expect(sut.columns(JSON.stringify({ plan: 'pro', ok: true, no: false, n: 100, x: 29.9, big: 1e21, small: 1.5e-7, none: null }))).toEqual({
      keys: ['plan', 'ok', 'no', 'n', 'x', 'big', 'small', 'none'],
      values: ['pro', 'true', 'false', '100', '29.9', '1000000000000000000000', '0.00000015', null],
    });
    expect(postgresText('a\u0000b')).toBe('a\u0000b');
  });
});

describe(plainDecimal.name, () => {
  it.each([
    ['1e+21', '1000000000000000000000'],
    ['1.5e-7', '0.00000015'],
    ['-2.5e-3', '-0.0025'],
    ['1.2345e+2', '123.45'],
    ['5e-324', `0.${'0'.repeat(323)}5`],
    ['29.9', '29.9'],
    ['-0', '0'],
    ['100', '100'],
  ])('writes %s as %s', (text, plain) => {
    expect(plainDecimal(text)).toBe(plain);
  });
});
