import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMillis } from './column-types.js';

/** A site's goal: a page pattern, or a custom event (with property matches and, for revenue, a currency). */
@Entity({ name: 'goals' })
@Index('uq_goals_site_name', ['siteId', 'name'], { unique: true })
export class GoalEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'site_id', type: 'integer' })
  siteId: number;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  /** Page goals: a path pattern, `*` matching any run of characters. */
  @Column({ type: 'varchar', length: 1024, nullable: true })
  page: string | null;

  /** Event goals: the custom event's name. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  event: string | null;

  /** Event goals: properties the event must carry, a flat JSON object of texts. */
  @Column({ type: 'text', nullable: true })
  props: string | null;

  /** Revenue goals: ISO 4217 code; only completions in it count towards revenue. */
  @Column({ type: 'varchar', length: 3, nullable: true })
  currency: string | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: number;
}

/** A named set of filters of a site (contract §8): `segment=<id>` on stats and export applies it. */
@Entity({ name: 'segments' })
@Index('idx_segments_site', ['siteId'])
export class SegmentEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'site_id', type: 'integer' })
  siteId: number;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  /** `{dimension: value | [values]}` as JSON, meaning what filter.<dimension> means. */
  @Column({ type: 'text' })
  filters: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: number;
}

/** A funnel kept on the server, seen by every member of its site. */
@Entity({ name: 'saved_funnels' })
@Index('idx_saved_funnels_site', ['siteId'])
export class SavedFunnelEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'site_id', type: 'integer' })
  siteId: number;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  /** `[{page} | {event}, …]` as JSON. */
  @Column({ type: 'text' })
  steps: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: number;
}
