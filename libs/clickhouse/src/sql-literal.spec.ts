import { sqlIdentifier, sqlList, sqlLiteral } from './sql-literal.js';

describe(sqlLiteral.name, () => {
  it('quotes plain text as is, multi-byte characters included', () => {
    expect(sqlLiteral('')).toBe("''");
    expect(sqlLiteral('/pricing')).toBe("'/pricing'");
    expect(sqlLiteral('Zürich 東京 🙂')).toBe("'Zürich 東京 🙂'");
  });

  it('escapes quotes and backslashes, so no value can end the literal', () => {
    expect(sqlLiteral("it's")).toBe("'it\\'s'");
    expect(sqlLiteral('a\\b')).toBe("'a\\\\b'");
    expect(sqlLiteral("\\'")).toBe("'\\\\\\''");
    expect(sqlLiteral("' OR 1=1 --")).toBe("'\\' OR 1=1 --'");
    expect(sqlLiteral("x\\'); DROP TABLE events; --")).toBe("'x\\\\\\'); DROP TABLE events; --'");
  });

  it('writes NUL and every other control character as a \\x escape', () => {
    expect(sqlLiteral('a\u0000b')).toBe("'a\\x00b'");
    expect(sqlLiteral('\n\r\t')).toBe("'\\x0A\\x0D\\x09'");
    expect(sqlLiteral('\u001f\u007f')).toBe("'\\x1F\\x7F'");
    for (let code = 0; code < 0x20; code++) {
      expect(sqlLiteral(String.fromCharCode(code))).toBe(`'\\x${code.toString(16).toUpperCase().padStart(2, '0')}'`);
    }
  });

  it('leaves no quote unescaped and no raw control character in random text', () => {
    const alphabet = ["'", '\\', '"', '\u0000', '\n', 'a', 'é', '🙂', '`', '?', '{', '}', '%', '_', '*'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let round = 0; round < 2000; round++) {
      const text = Array.from({ length: next() % 12 }, () => alphabet[next() % alphabet.length]).join('');
      const literal = sqlLiteral(text);
      // Reading it back by the server's rules gives the text again.
      expect(unquote(literal)).toBe(text);
      expect(/[\u0000-\u001f\u007f]/.test(literal)).toBe(false);
    }
  });

  it('writes numbers, negative ones in parentheses, and refuses what is not finite', () => {
    expect(sqlLiteral(0)).toBe('0');
    expect(sqlLiteral(42)).toBe('42');
    expect(sqlLiteral(1_765_700_000_123)).toBe('1765700000123');
    expect(sqlLiteral(29.9)).toBe('29.9');
    expect(sqlLiteral(-3)).toBe('(-3)');
    expect(sqlLiteral(-0)).toBe('0');
    expect(sqlLiteral(12345678901234567890n)).toBe('12345678901234567890');
    expect(sqlLiteral(-5n)).toBe('(-5)');
    expect(() => sqlLiteral(Number.NaN)).toThrow(TypeError);
    expect(() => sqlLiteral(Number.POSITIVE_INFINITY)).toThrow(TypeError);
  });

  it('writes booleans, null and arrays', () => {
    expect(sqlLiteral(true)).toBe('1');
    expect(sqlLiteral(false)).toBe('0');
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(undefined)).toBe('NULL');
    expect(sqlLiteral([])).toBe('[]');
    expect(sqlLiteral(['a', "b'c", 3, null])).toBe("['a', 'b\\'c', 3, NULL]");
    expect(sqlLiteral([[1, 2], [-1]])).toBe('[[1, 2], [(-1)]]');
  });

  it('refuses objects and dates rather than writing something else', () => {
    expect(() => sqlLiteral({} as never)).toThrow(TypeError);
    expect(() => sqlLiteral(new Date() as never)).toThrow(TypeError);
  });
});

describe(sqlList.name, () => {
  it('joins literals for IN (…) and refuses an empty list', () => {
    expect(sqlList(['US', "C'A"])).toBe("'US', 'C\\'A'");
    expect(sqlList([1, -2])).toBe('1, (-2)');
    expect(() => sqlList([])).toThrow(RangeError);
  });
});

describe(sqlIdentifier.name, () => {
  it('backquotes plain names and refuses anything else', () => {
    expect(sqlIdentifier('cairn_e2e_1')).toBe('`cairn_e2e_1`');
    for (const bad of ['', '1abc', 'a-b', 'a`b', 'a b', 'é']) expect(() => sqlIdentifier(bad)).toThrow(RangeError);
  });
});

/** ClickHouse's reading of a quoted literal (the escapes this file writes, and the rest as themselves). */
function unquote(literal: string): string {
  expect(literal.startsWith("'") && literal.endsWith("'")).toBe(true);
  const body = literal.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "'") throw new Error(`an unescaped quote ends the literal early: ${literal}`);
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = body[++i];
    if (next === 'x') {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out += next;
    }
  }
  return out;
}
