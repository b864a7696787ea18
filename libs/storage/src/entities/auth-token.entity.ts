import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMillis } from './column-types.js';

/** `session`: issued by login, expires. `api_key`: made by POST /api/keys, lives until deleted. */
export type AuthTokenKind = 'session' | 'api_key';

@Entity({ name: 'auth_tokens' })
export class AuthTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('idx_auth_tokens_user')
  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ type: 'varchar', length: 16 })
  kind: AuthTokenKind;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** SHA-256 of the token, hex. The token itself is never stored. */
  @Index('uq_auth_tokens_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 16 })
  prefix: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: number;

  @Column({ name: 'expires_at', type: 'bigint', nullable: true, transformer: epochMillis })
  expiresAt: number | null;

  @Column({ name: 'last_used_at', type: 'bigint', nullable: true, transformer: epochMillis })
  lastUsedAt: number | null;
}
