import { Column } from 'typeorm';

/**
 * What an event or a visit is broken down by. No column holds an IP address or a User-Agent:
 * only what was derived from them (country, browser, …) and a daily-salted visitor hash.
 */
export abstract class EventDimensions {
  @Column({ type: 'varchar', length: 512, nullable: true })
  referrer: string | null;

  @Column({ type: 'varchar', length: 256 })
  source: string;

  @Column({ name: 'utm_source', type: 'varchar', length: 256, nullable: true })
  utmSource: string | null;

  @Column({ name: 'utm_medium', type: 'varchar', length: 256, nullable: true })
  utmMedium: string | null;

  @Column({ name: 'utm_campaign', type: 'varchar', length: 256, nullable: true })
  utmCampaign: string | null;

  @Column({ name: 'utm_term', type: 'varchar', length: 256, nullable: true })
  utmTerm: string | null;

  @Column({ name: 'utm_content', type: 'varchar', length: 256, nullable: true })
  utmContent: string | null;

  @Column({ type: 'varchar', length: 2, nullable: true })
  country: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  region: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  city: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  browser: string | null;

  @Column({ name: 'browser_version', type: 'varchar', length: 32, nullable: true })
  browserVersion: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  os: string | null;

  @Column({ name: 'os_version', type: 'varchar', length: 32, nullable: true })
  osVersion: string | null;

  @Column({ type: 'varchar', length: 16 })
  device: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  screen: string | null;
}
