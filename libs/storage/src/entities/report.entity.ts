import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMillis } from './column-types.js';

export type ReportFrequency = 'weekly' | 'monthly';

/** One recipient's weekly or monthly report of one site (contract §9). */
@Entity({ name: 'reports' })
@Index('uq_reports_site_email_frequency', ['siteId', 'email', 'frequency'], { unique: true })
export class ReportEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'site_id', type: 'integer' })
  siteId: number;

  /** Lower case. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 10 })
  frequency: ReportFrequency;

  /** The random token of the mail's unsubscribe link (kept: every mail carries it; it can only unsubscribe). */
  @Index('uq_reports_unsubscribe', { unique: true })
  @Column({ name: 'unsubscribe_token', type: 'varchar', length: 64 })
  unsubscribeToken: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: number;

  /** Set by the unsubscribe link: no more mail. */
  @Column({ name: 'unsubscribed_at', type: 'bigint', nullable: true, transformer: epochMillis })
  unsubscribedAt: number | null;
}

export type ReportSendStatus = 'sending' | 'sent' | 'retry';

/**
 * The claim on one report's mail for one period: its primary key (report, period) is what makes it
 * one mail per recipient and period, whichever process gets there first.
 */
@Entity({ name: 'report_sends' })
export class ReportSendEntity {
  @PrimaryColumn({ name: 'report_id', type: 'varchar', length: 36 })
  reportId: string;

  /** The period's first day in the site's zone, YYYY-MM-DD. */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  period: string;

  @Column({ type: 'varchar', length: 10 })
  status: ReportSendStatus;

  @Column({ type: 'integer' })
  attempts: number;

  /** While `sending`: another process may take the claim over after this instant (the first one died). */
  @Column({ name: 'claimed_until', type: 'bigint', transformer: epochMillis })
  claimedUntil: number;

  /** While `retry`: not before this instant. */
  @Column({ name: 'next_attempt_at', type: 'bigint', transformer: epochMillis })
  nextAttemptAt: number;

  @Column({ name: 'sent_at', type: 'bigint', nullable: true, transformer: epochMillis })
  sentAt: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;
}
