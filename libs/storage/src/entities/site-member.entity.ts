import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { SiteRole } from '@cairn/contracts';
import { epochMillis } from './column-types.js';

/** One user's role on one site (contract §7). A site always keeps at least one `owner`. */
@Entity({ name: 'site_members' })
export class SiteMemberEntity {
  @PrimaryColumn({ name: 'site_id', type: 'integer' })
  siteId: number;

  @Index('idx_site_members_user')
  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ type: 'varchar', length: 16 })
  role: SiteRole;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: number;
}
