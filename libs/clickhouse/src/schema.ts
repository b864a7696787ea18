import type { ClickHouse } from './clickhouse.js';
import { sqlIdentifier } from './sql-literal.js';

/**
 * Cairn's tables in ClickHouse. Written for 18.16 (Debian's, the one tested here) and for current
 * releases alike: no CODEC, TTL, DateTime64 or JSON functions; times are epoch milliseconds in UInt64
 * (as in the primary database), turned into dates with toDateTime(intDiv(ms, 1000)).
 *
 * `events`: one row per event, appended once. Besides its own columns it carries its visit's
 * dimensions that never change once the visit exists (those of its first event, prefixed `v_`), so a
 * visit-level filter on pageviews reads one table. Entry and exit page can change as a visit goes
 * on: filters on them look the visit up instead.
 *
 * `visits`: a VersionedCollapsingMergeTree, as Plausible keeps sessions. A visit changes with each of
 * its events and ClickHouse does not update rows: a new state is written as a row with sign +1 and a
 * higher version, beside an exact copy of the previous state with sign -1. Background merges drop
 * such pairs; until they do, reads count with sign: sum(sign) visits, sum(sign * x) totals. A cancelled
 * copy carries the same visitor, so distinct visitors stay right wherever the filter is on a column
 * that never changes; for entry and exit page, reads keep only each visit's live state.
 *
 * `multi` is 1 when the visitor has more than one visit: most visitors have one, and for them the
 * number of distinct visitors is a count. Distinct counting (a hash set, the dearest part of every
 * query) then runs over the visits of the others only. It may be 1 for a visitor with one visit (a
 * deleted visit), never 0 for one with several.
 *
 * On a cluster (CLICKHOUSE_CLUSTER) these are each shard's `*_local` tables, and `events`, `visits`
 * and `feed_state` are Distributed over them, sharded by site and visitor: a visit and all its events
 * live on one shard, so the visits' subqueries may read each shard's own tables.
 */

/** Dimensions shared by events and visits (EventDimensions), with the type each has here. */
const DIMENSIONS: Array<[string, string]> = [
  ['referrer', 'Nullable(String)'],
  ['source', 'LowCardinality(String)'],
  ['utm_source', 'LowCardinality(Nullable(String))'],
  ['utm_medium', 'LowCardinality(Nullable(String))'],
  ['utm_campaign', 'LowCardinality(Nullable(String))'],
  ['utm_term', 'Nullable(String)'],
  ['utm_content', 'Nullable(String)'],
  ['country', 'LowCardinality(Nullable(String))'],
  ['region', 'LowCardinality(Nullable(String))'],
  ['city', 'LowCardinality(Nullable(String))'],
  ['browser', 'LowCardinality(Nullable(String))'],
  ['browser_version', 'LowCardinality(Nullable(String))'],
  ['os', 'LowCardinality(Nullable(String))'],
  ['os_version', 'LowCardinality(Nullable(String))'],
  ['device', 'LowCardinality(String)'],
  ['screen', 'LowCardinality(Nullable(String))'],
];

export const DIMENSION_NAMES = DIMENSIONS.map(([name]) => name);

/** The visit's dimensions an event carries: all but entry and exit page, which a visit may still change. */
export const VISIT_DIMENSIONS_ON_EVENTS = ['started_at', ...DIMENSION_NAMES];

export const EVENT_TABLE: Array<[string, string]> = [
  ['site_id', 'UInt32'],
  ['id', 'UInt64'],
  ['visit_id', 'UInt64'],
  ['visitor_id', 'String'],
  ['visitor', 'UInt64'],
  ['ts', 'UInt64'],
  ['type', "Enum8('pageview' = 1, 'event' = 2, 'engagement' = 3)"],
  ['path', 'String'],
  ['title', 'Nullable(String)'],
  ['name', 'LowCardinality(Nullable(String))'],
  ['props', 'Nullable(String)'],
  // props as parallel arrays of keys and values, each value as text the way SQLite reads it (propText).
  ['prop_keys', 'Array(String)'],
  ['prop_values', 'Array(Nullable(String))'],
  ['engaged_ms', 'Nullable(Int64)'],
  ...DIMENSIONS,
  ['v_started_at', 'UInt64'],
  ...DIMENSIONS.map(([name, type]): [string, string] => [`v_${name}`, type]),
];

export const VISIT_TABLE: Array<[string, string]> = [
  ['site_id', 'UInt32'],
  ['id', 'UInt64'],
  ['visitor_id', 'String'],
  ['visitor', 'UInt64'],
  ['multi', 'UInt8'],
  ['started_at', 'UInt64'],
  ['last_event_at', 'UInt64'],
  ['entry_page', 'Nullable(String)'],
  ['exit_page', 'Nullable(String)'],
  ['pageviews', 'UInt32'],
  ['events', 'UInt32'],
  ['engaged_ms', 'Int64'],
  ...DIMENSIONS,
  ['sign', 'Int8'],
  ['version', 'UInt64'],
];

export const FEED_STATE_TABLE: Array<[string, string]> = [
  ['feed', 'String'],
  ['watermark', 'UInt64'],
  ['written_at', 'UInt64'],
];

const day = (column: string) => `toDate(toDateTime(intDiv(${column}, 1000)))`;

/**
 * Events: by site, then type (pageviews, custom events and engagement reports are mostly asked for
 * apart), then UTC day, then path: a time slice reads its days, a page filter a few granules of each.
 */
const EVENTS_ENGINE = `MergeTree() PARTITION BY toYYYYMM(${day('ts')}) ORDER BY (site_id, type, ${day('ts')}, path, ts, id)`;
const VISITS_ENGINE = `VersionedCollapsingMergeTree(sign, version) PARTITION BY toYYYYMM(${day('started_at')}) ORDER BY (site_id, started_at, id)`;
const FEED_STATE_ENGINE = 'ReplacingMergeTree(watermark) ORDER BY feed';

/** The expression that puts a visit and its events on one shard. */
export const SHARDING_KEY = 'cityHash64(site_id, visitor)';

/** Table names as reads and writes use them: on a cluster, the Distributed tables. */
export const TABLES = { events: 'events', visits: 'visits', feedState: 'feed_state' } as const;

/** LowCardinality needs this in 18.16 (it is standard, and the setting ignored, in later releases). */
export const CREATE_SETTINGS = { allow_experimental_low_cardinality_type: 1 };

/**
 * Creates the database and the tables if they are not there (on every shard, for a cluster).
 * Idempotent: every process may run it at start.
 */
export async function ensureSchema(clickhouse: ClickHouse): Promise<void> {
  await clickhouse.ensureDatabase();
  const local = clickhouse.cluster ? '_local' : '';
  const tables: Array<[string, Array<[string, string]>, string, string]> = [
    [TABLES.events, EVENT_TABLE, EVENTS_ENGINE, SHARDING_KEY],
    [TABLES.visits, VISIT_TABLE, VISITS_ENGINE, SHARDING_KEY],
    // One row per feed: any shard will do, so always the first.
    [TABLES.feedState, FEED_STATE_TABLE, FEED_STATE_ENGINE, '0'],
  ];
  for (const [name, columns, engine, shardingKey] of tables) {
    const columnList = columns.map(([column, type]) => `${sqlIdentifier(column)} ${type}`).join(', ');
    await clickhouse.onEveryShard(
      (onCluster) => `CREATE TABLE IF NOT EXISTS ${clickhouse.table(name + local)}${onCluster} (${columnList}) ENGINE = ${engine}`,
      CREATE_SETTINGS,
    );
    if (clickhouse.cluster) {
      await clickhouse.onEveryShard(
        (onCluster) =>
          `CREATE TABLE IF NOT EXISTS ${clickhouse.table(name)}${onCluster} AS ${clickhouse.table(name + local)} ENGINE = Distributed(${sqlIdentifier(clickhouse.cluster!)}, ${sqlIdentifier(clickhouse.database)}, ${sqlIdentifier(name + local)}, ${shardingKey})`,
        CREATE_SETTINGS,
      );
    }
  }
}

/** The tables each shard holds rows in (what ALTER … DELETE runs on). */
export function localTable(clickhouse: ClickHouse, name: string): string {
  return clickhouse.table(clickhouse.cluster ? `${name}_local` : name);
}
