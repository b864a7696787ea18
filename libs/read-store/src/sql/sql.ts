import type { Dimension } from '@cairn/contracts';

/** The dialects the one query builder writes: the primary databases, and the DuckDB read mirror. */
export type Engine = 'sqlite' | 'postgres' | 'duckdb';

/** Collects parameters and writes each engine's placeholder (`?` or `$n`). */
export class Sql {
  readonly params: unknown[] = [];
  constructor(readonly engine: Engine) {}

  /** A bound parameter. */
  p(value: unknown): string {
    this.params.push(value);
    return this.engine === 'postgres' ? `$${this.params.length}` : '?';
  }

  list(values: readonly unknown[]): string {
    return values.map((value) => this.p(value)).join(', ');
  }

  /** A JSON property of a text column, as text (`true`/`false` for booleans on every engine). */
  jsonText(column: string, key: string): string {
    if (this.engine === 'postgres') return `(${column}::jsonb ->> ${this.p(key)})`;
    if (this.engine === 'duckdb') return `json_extract_string(${column}, ${this.p(`$."${key}"`)})`;
    const path = `$."${key}"`;
    return `(CASE json_type(${column}, ${this.p(path)}) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(json_extract(${column}, ${this.p(path)}) AS TEXT) END)`;
  }

  /** Text ordered by code points on every engine (DuckDB's default collation already is) (PostgreSQL would otherwise use the database's locale). */
  ordered(expression: string): string {
    return this.engine === 'postgres' ? `${expression} COLLATE "C"` : expression;
  }
}

/** Dimensions stored on each visit (those of its first event, or its entry and exit). */
const VISIT_COLUMNS: Partial<Record<Dimension, string>> = {
  entry_page: 'entry_page',
  exit_page: 'exit_page',
  referrer: 'referrer',
  source: 'source',
  utm_source: 'utm_source',
  utm_medium: 'utm_medium',
  utm_campaign: 'utm_campaign',
  utm_term: 'utm_term',
  utm_content: 'utm_content',
  country: 'country',
  region: 'region',
  city: 'city',
  browser: 'browser',
  device: 'device',
  os: 'os',
  screen: 'screen',
};

/** The SQL expression of a visit-level dimension on alias `v`, or null for an event-level one (page, event, prop:). */
export function visitExpression(dimension: Dimension, alias = 'v'): string | null {
  if (dimension === 'browser_version') return `(${alias}.browser || ' ' || ${alias}.browser_version)`;
  if (dimension === 'os_version') return `(${alias}.os || ' ' || ${alias}.os_version)`;
  const column = VISIT_COLUMNS[dimension];
  return column ? `${alias}.${column}` : null;
}

export function propKey(dimension: Dimension): string | null {
  return dimension.startsWith('prop:') ? dimension.slice('prop:'.length) : null;
}

const WILDCARD_DIMENSIONS = new Set<Dimension>(['page', 'entry_page', 'exit_page']);

/** `expression` equal to one of the values; in page dimensions `*` matches any run of characters. */
export function matchAny(sql: Sql, expression: string, dimension: Dimension, values: readonly string[]): string {
  const exact = values.filter((value) => !(WILDCARD_DIMENSIONS.has(dimension) && value.includes('*')));
  const patterns = values.filter((value) => !exact.includes(value));
  const parts: string[] = [];
  if (exact.length) parts.push(`${expression} IN (${sql.list(exact)})`);
  for (const pattern of patterns) {
    // Case-sensitive on every engine (SQLite's LIKE is not): GLOB there and on DuckDB, LIKE on PostgreSQL.
    if (sql.engine !== 'postgres') {
      parts.push(`${expression} GLOB ${sql.p(pattern.replace(/[[?]/g, (c) => `[${c}]`))}`);
    } else {
      parts.push(`${expression} LIKE ${sql.p(pattern.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%'))} ESCAPE '\\'`);
    }
  }
  return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
}
