import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMillis } from './column-types.js';
import { EventDimensions } from './dimensions.js';

export type EventType = 'pageview' | 'event' | 'engagement';

/** One raw event, as collected and enriched. */
@Entity({ name: 'events' })
@Index('idx_events_site_ts', ['siteId', 'ts'])
@Index('idx_events_visit', ['visitId'])
export class EventEntity extends EventDimensions {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'site_id', type: 'integer' })
  siteId: number;

  @Column({ name: 'visit_id', type: 'integer' })
  visitId: number;

  /** Daily-salted hash of site, address and User-Agent (16 hex characters). */
  @Column({ name: 'visitor_id', type: 'varchar', length: 16 })
  visitorId: string;

  /** Server clock, epoch milliseconds. */
  @Column({ type: 'bigint', transformer: epochMillis })
  ts: number;

  @Column({ type: 'varchar', length: 12 })
  type: EventType;

  @Column({ type: 'varchar', length: 1024 })
  path: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  title: string | null;

  /** Custom event name (type `event`). */
  @Column({ type: 'varchar', length: 120, nullable: true })
  name: string | null;

  /** Custom event properties, a flat JSON object. */
  @Column({ type: 'text', nullable: true })
  props: string | null;

  /** Visible milliseconds on the page (type `engagement`). */
  @Column({ name: 'engaged_ms', type: 'integer', nullable: true })
  engagedMs: number | null;

  /** A custom event's revenue: its amount times 100, an integer whatever the currency (sums stay exact). */
  @Column({ name: 'revenue_cents', type: 'bigint', nullable: true, transformer: epochMillis })
  revenueCents: number | null;

  /** ISO 4217 code of the revenue. */
  @Column({ name: 'revenue_currency', type: 'varchar', length: 3, nullable: true })
  revenueCurrency: string | null;

  /** For `engagement`: the deepest percent (0–100) of the page seen. */
  @Column({ name: 'scroll_depth', type: 'smallint', nullable: true })
  scrollDepth: number | null;
}
