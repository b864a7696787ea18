import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMillis } from './column-types.js';

/**
 * A spike alert: notify once when live visitors reach `threshold`, then re-arm only after the count
 * has stayed below it for 15 minutes (contract §9).
 */
@Entity({ name: 'alerts' })
export class AlertEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('idx_alerts_site')
  @Column({ name: 'site_id', type: 'integer' })
  siteId: number;

  @Column({ type: 'varchar', length: 10 })
  kind: 'spike';

  @Column({ type: 'integer' })
  threshold: number;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ name: 'webhook_id', type: 'varchar', length: 36, nullable: true })
  webhookId: string | null;

  /** 1: the next reach of the threshold notifies; 0: it fired and waits to re-arm. */
  @Column({ type: 'integer' })
  armed: number;

  /** Since when the count has been below the threshold while disarmed (null: not below, or armed). */
  @Column({ name: 'below_since', type: 'bigint', nullable: true, transformer: epochMillis })
  belowSince: number | null;

  @Column({ name: 'last_fired_at', type: 'bigint', nullable: true, transformer: epochMillis })
  lastFiredAt: number | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: number;
}
