import type { Dimension } from '@cairn/contracts';
import type { GoalDefinition } from '../query.js';

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

/**
 * The events (on alias) that complete a goal: pageviews of a page matching the goal's pattern, or
 * custom events of its name carrying each of its properties (compared as text, as `prop:` filters are).
 */
export function goalCondition(sql: Sql, goal: GoalDefinition, alias: string): string {
  if (goal.page !== null) return `(${alias}.type = 'pageview' AND ${matchAny(sql, `${alias}.path`, 'page', [goal.page])})`;
  const parts = [`${alias}.type = 'event'`, `${alias}.name = ${sql.p(goal.event)}`];
  for (const [key, value] of Object.entries(goal.props ?? {})) parts.push(`${sql.jsonText(`${alias}.props`, key)} = ${sql.p(value)}`);
  return `(${parts.join(' AND ')})`;
}

/** The goals a `filter.goal` names, in the scope's definitions (names the service has checked exist). */
export function goalsNamed(goals: readonly GoalDefinition[] | undefined, names: readonly string[]): GoalDefinition[] {
  return (goals ?? []).filter((goal) => names.includes(goal.name));
}

/** Hundredths (an integer) as a decimal text with 2 digits after the point: 19990000n → "199900.00". */
export function formatHundredths(value: bigint): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
