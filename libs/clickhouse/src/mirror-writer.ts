import { createHash } from 'node:crypto';
import { ClickHouseUnavailable, type ClickHouse, type Row } from './clickhouse.js';
import type { PropText } from './prop-text.js';
import { DIMENSION_NAMES, TABLES, VISIT_TABLE } from './schema.js';
import { sqlList, sqlLiteral } from './sql-literal.js';

/** An event as the primary database holds it (its columns, epoch ms as numbers). */
export interface PrimaryEvent {
  id: number;
  site_id: number;
  visit_id: number;
  visitor_id: string;
  ts: number;
  type: string;
  path: string;
  title: string | null;
  name: string | null;
  props: string | null;
  engaged_ms: number | null;
  [dimension: string]: unknown;
}

/** A visit as the primary database holds it now. */
export interface PrimaryVisit {
  id: number;
  site_id: number;
  visitor_id: string;
  started_at: number;
  last_event_at: number;
  entry_page: string | null;
  exit_page: string | null;
  pageviews: number;
  events: number;
  engaged_ms: number;
  [dimension: string]: unknown;
}

/**
 * What the primary committed since the mirror's watermark, read from one snapshot: the events with
 * `watermark < id ≤ horizon`, and the current rows of the visits they belong to.
 */
export interface MirrorDelta {
  events: PrimaryEvent[];
  visits: PrimaryVisit[];
  horizon: number;
}

/** Columns of a visit's state: everything but sign and version. */
const STATE_COLUMNS = VISIT_TABLE.map(([name]) => name).filter((name) => name !== 'sign' && name !== 'version');
const NUMERIC = new Set(VISIT_TABLE.filter(([name, type]) => /Int/.test(type) && name !== 'visitor').map(([name]) => name));

type VisitState = Record<string, unknown>;

interface StoredVersion {
  state: VisitState;
  version: number;
  /** Rows with sign +1 minus rows with sign -1 of this state and version: 1 while it is the visit's live state. */
  net: number;
}

/** Visits' live states kept after writing them (to cancel them next time without asking ClickHouse). */
const CACHE_LIMIT = 200_000;

/**
 * Writes the mirror feed's deltas into ClickHouse, exactly once. ClickHouse has no transactions, so
 * a delta is made idempotent instead of atomic: events are appended, then visits' new states (each
 * beside a cancelling copy of its previous state), then the watermark. After a failure or a restart
 * (`uncertain`), nothing this process remembers is trusted: the events of (watermark, horizon] already
 * in ClickHouse are left out, and each visit's rows are read back and brought to exactly one live
 * state — so a crash between any two of these writes (or inside one, on a cluster, between shards)
 * leaves nothing twice and nothing missing once the next delta is applied.
 */
export class ClickHouseMirror {
  private watermarkValue: number | null = null;
  private uncertain = true;
  /** visit id → its live state as last written. */
  private readonly live = new Map<number, { state: VisitState; version: number }>();

  constructor(
    private readonly clickhouse: ClickHouse,
    private readonly propText: PropText,
    /** The feed's name in feed_state (one primary database per ClickHouse database). */
    private readonly feed = 'primary',
  ) {}

  /** The highest event id ClickHouse holds with everything before it (0 before the first delta). */
  async watermark(): Promise<number> {
    if (this.watermarkValue !== null && !this.uncertain) return this.watermarkValue;
    const [row] = await this.clickhouse.rows<{ watermark: string }>(
      `SELECT max(watermark) AS watermark FROM ${this.clickhouse.table(TABLES.feedState)} WHERE feed = ${sqlLiteral(this.feed)}`,
    );
    this.watermarkValue = Number(row?.watermark ?? 0);
    return this.watermarkValue;
  }

  async apply(delta: MirrorDelta): Promise<void> {
    try {
      await this.write(delta);
      this.uncertain = false;
    } catch (error) {
      // Any of the three writes may have happened, partly: read everything back next time.
      this.uncertain = true;
      this.live.clear();
      throw error;
    }
  }

  private async write(delta: MirrorDelta): Promise<void> {
    const watermark = await this.watermark();
    if (delta.horizon <= watermark) return;
    const visitsById = new Map(delta.visits.map((visit) => [visit.id, visit]));

    let events = delta.events.filter((event) => event.id > watermark && event.id <= delta.horizon);
    if (this.uncertain && events.length > 0) {
      const present = await this.eventsPresent(events, watermark, delta.horizon);
      events = events.filter((event) => !present.has(event.id));
    }
    const eventRows = events.map((event) => {
      const visit = visitsById.get(event.visit_id);
      if (!visit) throw new Error(`the delta holds event ${event.id} but not its visit ${event.visit_id}`);
      return this.eventRow(event, visit);
    });

    const version = delta.horizon;
    const targets = delta.visits.map((visit) => visitState(visit));
    const stored = await this.storedStates(targets);
    const visitRows: Row[] = [];
    for (const target of targets) {
      const id = target.id as number;
      const key = stateKey(target);
      let targetPresent = false;
      for (const { state, version: storedVersion, net } of stored.get(id) ?? []) {
        const wanted = !targetPresent && stateKey(state) === key ? 1 : 0;
        if (wanted === 1) targetPresent = true;
        // Bring every stored state's net count to what it should be: 1 for the target, 0 for the rest.
        for (let n = net; n > wanted; n--) visitRows.push({ ...state, sign: -1, version: storedVersion });
        for (let n = net; n < wanted; n++) visitRows.push({ ...state, sign: 1, version: storedVersion });
      }
      if (!targetPresent) visitRows.push({ ...target, sign: 1, version });
    }

    await this.clickhouse.insert(TABLES.events, eventRows);
    await this.clickhouse.insert(TABLES.visits, visitRows);
    await this.clickhouse.insert(TABLES.feedState, [{ feed: this.feed, watermark: delta.horizon, written_at: Date.now() }]);
    this.watermarkValue = delta.horizon;

    for (const target of targets) {
      const id = target.id as number;
      const previous = stored.get(id)?.find((entry) => entry.net > 0 && stateKey(entry.state) === stateKey(target));
      this.live.delete(id);
      this.live.set(id, { state: target, version: previous?.version ?? version });
    }
    while (this.live.size > CACHE_LIMIT) this.live.delete(this.live.keys().next().value!);
  }

  /** Ids among these events that ClickHouse already holds (a delta written partly before a failure). */
  private async eventsPresent(events: PrimaryEvent[], watermark: number, horizon: number): Promise<Set<number>> {
    const present = new Set<number>();
    for (const [siteId, ofSite] of groupBy(events, (event) => event.site_id)) {
      const times = ofSite.map((event) => event.ts);
      const rows = await this.clickhouse.rows<{ id: string }>(
        `SELECT id FROM ${this.clickhouse.table(TABLES.events)} WHERE site_id = ${sqlLiteral(siteId)}
         AND ts >= ${sqlLiteral(Math.min(...times))} AND ts <= ${sqlLiteral(Math.max(...times))} AND id > ${sqlLiteral(watermark)} AND id <= ${sqlLiteral(horizon)}`,
      );
      for (const row of rows) present.add(Number(row.id));
    }
    return present;
  }

  /**
   * Each visit's stored states with their net sign. From memory for visits this process wrote last
   * (and nothing went wrong since); otherwise read back, by site, start and id (the table's order).
   */
  private async storedStates(targets: VisitState[]): Promise<Map<number, StoredVersion[]>> {
    const stored = new Map<number, StoredVersion[]>();
    const unknown: VisitState[] = [];
    for (const target of targets) {
      const known = this.uncertain ? undefined : this.live.get(target.id as number);
      if (known) stored.set(target.id as number, [{ ...known, net: 1 }]);
      else unknown.push(target);
    }
    for (const [siteId, ofSite] of groupBy(unknown, (visit) => visit.site_id as number)) {
      for (let i = 0; i < ofSite.length; i += 5000) {
        const part = ofSite.slice(i, i + 5000);
        const rows = await this.clickhouse.rows(
          `SELECT ${[...STATE_COLUMNS, 'version'].join(', ')}, sum(sign) AS net FROM ${this.clickhouse.table(TABLES.visits)}
           WHERE site_id = ${sqlLiteral(siteId)} AND started_at IN (${sqlList([...new Set(part.map((visit) => visit.started_at as number))])})
           AND id IN (${sqlList(part.map((visit) => visit.id as number))})
           GROUP BY ${[...STATE_COLUMNS, 'version'].join(', ')} HAVING net != 0`,
        );
        for (const row of rows) {
          const state = normalizeState(row);
          const id = state.id as number;
          if (!stored.has(id)) stored.set(id, []);
          stored.get(id)!.push({ state, version: Number(row.version), net: Number(row.net) });
        }
      }
    }
    return stored;
  }

  private eventRow(event: PrimaryEvent, visit: PrimaryVisit): Row {
    const props = this.propText.columns(event.props);
    const row: Row = {
      site_id: event.site_id,
      id: event.id,
      visit_id: event.visit_id,
      visitor_id: visit.visitor_id,
      visitor: visitorNumber(visit.visitor_id),
      ts: event.ts,
      type: event.type,
      path: event.path,
      title: event.title,
      name: event.name,
      props: event.props,
      prop_keys: props.keys,
      prop_values: props.values,
      engaged_ms: event.engaged_ms,
      v_started_at: visit.started_at,
    };
    for (const name of DIMENSION_NAMES) {
      row[name] = event[name] ?? null;
      row[`v_${name}`] = visit[name] ?? null;
    }
    return row;
  }

  /** Thrown errors of the writes, for the feed's loop: true when ClickHouse (or a shard) is away. */
  static isUnavailable(error: unknown): boolean {
    return error instanceof ClickHouseUnavailable;
  }
}

/** A visit's state as stored in ClickHouse (multi is 1 until proven otherwise: always a right count). */
function visitState(visit: PrimaryVisit): VisitState {
  const state: VisitState = {
    site_id: visit.site_id,
    id: visit.id,
    visitor_id: visit.visitor_id,
    visitor: visitorNumber(visit.visitor_id),
    multi: 1,
    started_at: visit.started_at,
    last_event_at: visit.last_event_at,
    entry_page: visit.entry_page,
    exit_page: visit.exit_page,
    pageviews: visit.pageviews,
    events: visit.events,
    engaged_ms: visit.engaged_ms,
  };
  for (const name of DIMENSION_NAMES) state[name] = visit[name] ?? null;
  return state;
}

/** A state read back from ClickHouse in the form visitState gives (its 64-bit integers come as strings). */
function normalizeState(row: Row): VisitState {
  const state: VisitState = {};
  for (const name of STATE_COLUMNS) {
    const value = row[name];
    state[name] = value === null || value === undefined ? null : NUMERIC.has(name) ? Number(value) : name === 'visitor' ? String(value) : value;
  }
  return state;
}

function stateKey(state: VisitState): string {
  return JSON.stringify(STATE_COLUMNS.map((name) => state[name]));
}

/**
 * The visitor hash as a 64-bit number, for distinct counts (a hash set of numbers is far cheaper than
 * one of strings). Cairn's hashes are 16 hex digits, read as the number they spell; any other id (an
 * import's) is hashed to 64 bits. As a decimal string: JSON numbers stop being exact past 2^53.
 */
export function visitorNumber(visitorId: string): string {
  if (/^[0-9a-f]{16}$/.test(visitorId)) return BigInt(`0x${visitorId}`).toString();
  return createHash('sha256').update(visitorId).digest().readBigUInt64BE(0).toString();
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
