import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMillis } from './column-types.js';
import { EventDimensions } from './dimensions.js';

/** A visitor's events on one site with no gap longer than the session timeout. Source and UTM are the first event's. */
@Entity({ name: 'visits' })
@Index('idx_visits_site_started_span', ['siteId', 'startedAt', 'lastEventAt', 'visitorId'])
@Index('idx_visits_visitor', ['siteId', 'visitorId', 'lastEventAt'])
export class VisitEntity extends EventDimensions {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'site_id', type: 'integer' })
  siteId: number;

  @Column({ name: 'visitor_id', type: 'varchar', length: 16 })
  visitorId: string;

  @Column({ name: 'started_at', type: 'bigint', transformer: epochMillis })
  startedAt: number;

  @Column({ name: 'last_event_at', type: 'bigint', transformer: epochMillis })
  lastEventAt: number;

  @Column({ name: 'entry_page', type: 'varchar', length: 1024, nullable: true })
  entryPage: string | null;

  @Column({ name: 'exit_page', type: 'varchar', length: 1024, nullable: true })
  exitPage: string | null;

  @Column({ type: 'integer' })
  pageviews: number;

  /** Custom events (not pageviews, not engagement). */
  @Column({ type: 'integer' })
  events: number;

  @Column({ name: 'engaged_ms', type: 'bigint', transformer: epochMillis })
  engagedMs: number;
}
