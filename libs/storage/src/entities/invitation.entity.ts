import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { SiteRole } from '@cairn/contracts';
import { epochMillis } from './column-types.js';

/** An invitation to a site with a role: its link works once, until `expiresAt`. */
@Entity({ name: 'invitations' })
export class InvitationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('idx_invitations_site')
  @Column({ name: 'site_id', type: 'integer' })
  siteId: number;

  /** Stored lower-cased. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 16 })
  role: SiteRole;

  /** SHA-256 of the link's token, hex; the token itself is only in the link. */
  @Index('uq_invitations_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ name: 'invited_by', type: 'integer' })
  invitedBy: number;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: number;

  @Column({ name: 'expires_at', type: 'bigint', transformer: epochMillis })
  expiresAt: number;

  @Column({ name: 'accepted_at', type: 'bigint', nullable: true, transformer: epochMillis })
  acceptedAt: number | null;
}
