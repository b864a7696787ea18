import Database from 'better-sqlite3';

/** A custom event's properties as ClickHouse keeps them: keys, and each value as text (null: JSON null). */
export interface PropColumns {
  keys: string[];
  values: Array<string | null>;
}

const NONE: PropColumns = { keys: [], values: [] };

/**
 * How a property's value reads as text — what `prop:<key>` breakdowns show and filters match —
 * is the primary database's own: SQLite's json_extract cast to text (REAL as SQLite prints it,
 * booleans as true/false), PostgreSQL's `->>`. ClickHouse is given that text at write time, so its
 * answers are the primary's to the byte. For SQLite the text is asked of SQLite itself (an in-memory
 * database of this process, the same library the primary runs on), with the expression the SQL read
 * store uses; for PostgreSQL it is written the way `->>` writes numbers (plain decimals, no exponent).
 */
export class PropText {
  private readonly each: Database.Statement | null;

  constructor(readonly engine: 'sqlite' | 'postgres') {
    this.each =
      engine === 'sqlite'
        ? new Database(':memory:').prepare(
            `SELECT key, CASE type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(value AS TEXT) END AS text FROM json_each(?) WHERE json_type(?) = 'object'`,
          )
        : null;
  }

  columns(props: string | null): PropColumns {
    if (props === null || props === '') return NONE;
    const keys: string[] = [];
    const values: Array<string | null> = [];
    const seen = new Set<string>();
    const add = (key: string, text: string | null) => {
      // json_extract reads the first of a repeated key.
      if (seen.has(key)) return;
      seen.add(key);
      keys.push(key);
      values.push(text);
    };
    if (this.each) {
      let rows: Array<{ key: string; text: string | null }>;
      try {
        rows = this.each.all(props, props) as Array<{ key: string; text: string | null }>;
      } catch {
        return NONE; // not JSON: the SQL store finds no property in it either
      }
      for (const row of rows) add(String(row.key), row.text);
      return { keys, values };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(props);
    } catch {
      return NONE;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return NONE;
    for (const [key, value] of Object.entries(parsed)) add(key, postgresText(value));
    return { keys, values };
  }
}

/** `jsonb ->> key` of a value: strings as they are, numbers as numeric prints them, objects as jsonb text. */
export function postgresText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return plainDecimal(String(value));
  // Collection keeps props flat; a nested value (hand-written data only) reads as its JSON.
  return JSON.stringify(value);
}

/** A JavaScript number's text without an exponent ("1e+21" → "1000000000000000000000", "1.5e-7" → "0.00000015"). */
export function plainDecimal(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/i.exec(text);
  if (!match) return text === '-0' ? '0' : text;
  const [, sign, whole, fraction = '', exponentText] = match;
  const exponent = Number(exponentText);
  const digits = whole + fraction;
  const point = whole.length + exponent;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  out = out.replace(/^0+(?=\d)/, '');
  return sign + out;
}
