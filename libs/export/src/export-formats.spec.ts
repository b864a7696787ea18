import { stringify } from 'csv-stringify/sync';
import { CsvEncoder, NdjsonEncoder, neutraliseFormula, type Cell } from './export-formats.js';

describe('neutraliseFormula', () => {
  it.each(['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd', '＝1+1', '＋1', '－1', '＠SUM(A1)'])(
    'puts a quote before %j, so a spreadsheet shows it as text',
    (text) => {
      expect(neutraliseFormula(text)).toBe(`'${text}`);
    },
  );

  it.each(['', '/pricing', 'Google', 'a=b', 'x-1', ' =1', "'=1", '{"plan":"pro"}'])('leaves %j as it is', (text) => {
    expect(neutraliseFormula(text)).toBe(text);
  });
});

describe(CsvEncoder.name, () => {
  const sut = new CsvEncoder(['text', 'number', 'empty']);

  it('writes a header row and CRLF line ends', () => {
    expect(sut.header()).toBe('text,number,empty\r\n');
    expect(sut.rows([['a', 1, null], ['b', 2.5, null]])).toBe('a,1,\r\nb,2.5,\r\n');
  });

  it('quotes per RFC 4180: commas, quotes and line breaks, quotes doubled', () => {
    expect(sut.rows([['a,b', 0, 'say "hi"']])).toBe('"a,b",0,"say ""hi"""\r\n');
    expect(sut.rows([['two\nlines', 0, 'cr\r']])).toBe('"two\nlines",0,"cr\r"\r\n');
  });

  it('neutralises formula cells, quoted when they need to be, and leaves negative numbers as numbers', () => {
    expect(sut.rows([['=HYPERLINK("http://x")', -5, '-5']])).toBe(`"'=HYPERLINK(""http://x"")",-5,'-5\r\n`);
    expect(sut.rows([['\rcmd', -0.5, '@x']])).toBe(`"'\rcmd",-0.5,'@x\r\n`);
  });
  it('writes what csv-stringify writes (RFC 4180, CRLF, formula cells cast) for generated cells', () => {
    // csv-stringify, the well-kept library, as the oracle of the hand-written encoder.
    const pieces = ['', 'a', ',', '"', '\r', '\n', '\r\n', ' ', '=', '+', '-', '@', '\t', '＝', "'", 'é', '😀', ';', '/x?y=1&z=2'];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const cell = (): Cell => {
      const pick = random();
      if (pick < 0.1) return null;
      if (pick < 0.25) return Math.round((random() - 0.5) * 1e6) / 100;
      let text = '';
      for (let n = Math.floor(random() * 5); n >= 0; n--) text += pieces[Math.floor(random() * pieces.length)];
      return text;
    };
    const rows = Array.from({ length: 2000 }, () => Array.from({ length: 1 + Math.floor(random() * 6) }, cell));
    const oracle = stringify(rows, { record_delimiter: 'windows', quote_record_delimiter: true, cast: { string: neutraliseFormula } });
    expect(new CsvEncoder(['x']).rows(rows)).toBe(oracle);
  });
});

describe(NdjsonEncoder.name, () => {
  const sut = new NdjsonEncoder(['title', 'n', 'none']);

  it('writes one JSON object per line, keys in column order, no header, values untouched', () => {
    expect(sut.header()).toBe('');
    const text = sut.rows([
      ['=HYPERLINK("http://x")', -1, null],
      ['two\nlines "quoted"', 2.5, null],
    ]);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('{"title":"=HYPERLINK(\\"http://x\\")","n":-1,"none":null}');
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { title: '=HYPERLINK("http://x")', n: -1, none: null },
      { title: 'two\nlines "quoted"', n: 2.5, none: null },
    ]);
  });
});
