/**
 * ClickHouse 18.16 has no query parameters, so every value Cairn puts into a ClickHouse query goes
 * through this one function: it writes the value as a literal that the server reads back as exactly
 * that value, whatever it holds.
 *
 * Strings: single-quoted; a backslash and a quote are escaped with a backslash, every control
 * character (U+0000–U+001F, U+007F) is written as `\xHH`, and everything else (multi-byte characters
 * included) goes as its UTF-8 bytes. ClickHouse reads those escapes the same way in 18.16 and in
 * current releases. Numbers: finite ones only, negative ones parenthesised (so `a - -1` never reads as
 * a comment or a different operator). Booleans as 1/0, null as NULL, arrays as `[…]`, each element a
 * literal in turn. Anything else (objects, NaN, Infinity, dates) is refused: a caller passes epoch
 * milliseconds, not Date objects.
 */
export type SqlValue = string | number | bigint | boolean | null | readonly SqlValue[];

export function sqlLiteral(value: SqlValue | undefined): string {
  if (value === null || value === undefined) return 'NULL';
  switch (typeof value) {
    case 'string':
      return quoteString(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`not a finite number: ${value}`);
      // -0 is 0 to SQL; String(-0) is "0" already.
      return value < 0 ? `(${String(value)})` : String(value);
    case 'bigint':
      return value < 0n ? `(${value.toString()})` : value.toString();
    case 'boolean':
      return value ? '1' : '0';
    default:
      if (Array.isArray(value)) return `[${value.map((element) => sqlLiteral(element)).join(', ')}]`;
      throw new TypeError(`cannot write a ${Object.prototype.toString.call(value)} as a ClickHouse literal`);
  }
}

/** A comma-separated list of literals, for `x IN (…)`; an empty list is refused (callers decide what "none" means). */
export function sqlList(values: readonly SqlValue[]): string {
  if (values.length === 0) throw new RangeError('an empty list has no SQL form here; handle "no values" before writing the query');
  return values.map((value) => sqlLiteral(value)).join(', ');
}

/** A database, table or column name in backquotes; only plain names are accepted (they come from configuration). */
export function sqlIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new RangeError(`not a plain identifier: ${JSON.stringify(name)}`);
  return `\`${name}\``;
}

const HEX = '0123456789ABCDEF';

function quoteString(text: string): string {
  let out = "'";
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let escape: string | null = null;
    if (code === 0x5c) escape = '\\\\';
    else if (code === 0x27) escape = "\\'";
    else if (code < 0x20 || code === 0x7f) escape = `\\x${HEX[code >> 4]}${HEX[code & 15]}`;
    if (escape === null) continue;
    out += text.slice(start, i) + escape;
    start = i + 1;
  }
  return `${out}${text.slice(start)}'`;
}
