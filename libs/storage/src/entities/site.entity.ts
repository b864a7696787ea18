import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMillis } from './column-types.js';

@Entity({ name: 'sites' })
export class SiteEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** Normalised: lower case, no scheme, no `www.`, no port or path. Unique. */
  @Index('uq_sites_domain', { unique: true })
  @Column({ type: 'varchar', length: 253 })
  domain: string;

  /** IANA zone, canonical spelling. */
  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  @Index('idx_sites_owner')
  @Column({ name: 'owner_id', type: 'integer' })
  ownerId: number;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: number;

  /** Hosts whose pages are counted (`*.` wildcards, `*` any); null: the domain and its subdomains. */
  @Column({ type: 'simple-json', nullable: true })
  hostnames?: string[] | null;

  /** Traffic dropped at collection: client networks (CIDR), countries (ISO), page paths (`*` patterns). */
  @Column({ type: 'simple-json', nullable: true })
  exclusions?: { ips: string[]; countries: string[]; paths: string[] } | null;
}
