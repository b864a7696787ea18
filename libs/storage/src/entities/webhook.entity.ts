import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { epochMillis } from './column-types.js';

export type WebhookEvent = 'spike' | 'report';
export type WebhookFormat = 'json' | 'slack';

/** Where a site's spike alerts and weekly reports are POSTed (contract §9). */
@Entity({ name: 'webhooks' })
export class WebhookEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('idx_webhooks_site')
  @Column({ name: 'site_id', type: 'integer' })
  siteId: number;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  /** Comma-separated WebhookEvent names. */
  @Column({ type: 'varchar', length: 100 })
  events: string;

  @Column({ type: 'varchar', length: 10 })
  format: WebhookFormat;

  /** The HMAC key of X-Cairn-Signature: kept as is, since signing needs it (shown to the user once). */
  @Column({ type: 'varchar', length: 100 })
  secret: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: number;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One message to one webhook: the durable queue the deliverer works from, retried until 24 h have passed. */
@Entity({ name: 'webhook_deliveries' })
@Index('uq_webhook_deliveries_key', ['webhookId', 'dedupeKey'], { unique: true })
@Index('idx_webhook_deliveries_due', ['status', 'nextAttemptAt'])
export class WebhookDeliveryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'webhook_id', type: 'varchar', length: 36 })
  webhookId: string;

  @Column({ type: 'varchar', length: 20 })
  event: string;

  /** What this message is about (`report:weekly:2026-11-30`, `spike:<alert>:<instant>`): queued once per webhook. */
  @Column({ name: 'dedupe_key', type: 'varchar', length: 120 })
  dedupeKey: string;

  /** The exact bytes POSTed and signed. */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 10 })
  status: WebhookDeliveryStatus;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'bigint', transformer: epochMillis })
  nextAttemptAt: number;

  /** A process sending it holds it until then; past it (that process died) another may. */
  @Column({ name: 'claimed_until', type: 'bigint', transformer: epochMillis })
  claimedUntil: number;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: number;

  @Column({ name: 'delivered_at', type: 'bigint', nullable: true, transformer: epochMillis })
  deliveredAt: number | null;
}

/** One HTTP attempt of a delivery, for the deliveries list. */
@Entity({ name: 'webhook_attempts' })
export class WebhookAttemptEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('idx_webhook_attempts_delivery')
  @Column({ name: 'delivery_id', type: 'varchar', length: 36 })
  deliveryId: string;

  @Column({ type: 'bigint', transformer: epochMillis })
  at: number;

  /** The receiver's HTTP status; null when no answer came (refused, timed out). */
  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode: number | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  error: string | null;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs: number;
}
