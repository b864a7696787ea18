import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SiteMember, SiteRole } from '@cairn/contracts';
import type { SiteGrant } from '@cairn/sites';
import { SiteEntity, SiteMemberEntity, UserEntity } from '@cairn/storage';
import type { DataSource, EntityManager, Repository } from 'typeorm';

/** The outcome of a change that must leave the site an owner. */
export type OwnerGuarded = 'done' | 'missing' | 'last-owner';

/** Memberships and the roles they carry, by intent. */
@Injectable()
export class MembersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The site of this domain and the user's role on it; null when either is missing. */
  async grantOn(userId: number, domain: string): Promise<SiteGrant | null> {
    const site = await this.dataSource.getRepository(SiteEntity).findOneBy({ domain });
    if (!site) return null;
    const member = await this.dataSource.getRepository(SiteMemberEntity).findOneBy({ siteId: site.id, userId });
    return member ? { site, role: member.role } : null;
  }

  async grantsOf(userId: number): Promise<SiteGrant[]> {
    const rows = await this.dataSource
      .getRepository(SiteEntity)
      .createQueryBuilder('site')
      .innerJoin(SiteMemberEntity, 'member', 'member.site_id = site.id AND member.user_id = :userId', { userId })
      .addSelect('member.role', 'member_role')
      .orderBy('site.domain', 'ASC')
      .getRawAndEntities();
    return rows.entities.map((site, i) => ({ site, role: rows.raw[i].member_role as SiteRole }));
  }

  async list(siteId: number): Promise<SiteMember[]> {
    const rows: Array<{ user_id: number | string; email: string; role: SiteRole }> = await this.dataSource
      .createQueryBuilder()
      .select(['m.user_id AS user_id', 'u.email AS email', 'm.role AS role'])
      .from(SiteMemberEntity, 'm')
      .innerJoin(UserEntity, 'u', 'u.id = m.user_id')
      .where('m.site_id = :siteId', { siteId })
      .orderBy('u.email', 'ASC')
      .getRawMany();
    return rows.map((row) => ({ userId: Number(row.user_id), email: row.email, role: row.role }));
  }

  async find(siteId: number, userId: number): Promise<SiteMember | null> {
    return (await this.list(siteId)).find((member) => member.userId === userId) ?? null;
  }

  /** Adds a membership, or changes its role when there is one (an invitation accepted by a member). */
  async grant(siteId: number, userId: number, role: SiteRole, at: number, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const repository = manager.getRepository(SiteMemberEntity);
    const existing = await repository.findOneBy({ siteId, userId });
    if (existing) await repository.update({ siteId, userId }, { role });
    else await repository.insert({ siteId, userId, role, createdAt: at });
  }

  /** Sets a member's role, unless that would leave the site without an owner. */
  setRole(siteId: number, userId: number, role: SiteRole): Promise<OwnerGuarded> {
    return this.ownerGuarded(siteId, userId, role === 'owner', (repository) => repository.update({ siteId, userId }, { role }));
  }

  /** Removes a member, unless they are the site's last owner. */
  remove(siteId: number, userId: number): Promise<OwnerGuarded> {
    return this.ownerGuarded(siteId, userId, false, (repository) => repository.delete({ siteId, userId }));
  }

  /**
   * Runs a change to one membership in a transaction that first locks the site's row (PostgreSQL;
   * SQLite has one writer at a time anyway), so two owners demoting each other at once cannot
   * both succeed and leave nobody.
   */
  private ownerGuarded(
    siteId: number,
    userId: number,
    staysOwner: boolean,
    change: (repository: Repository<SiteMemberEntity>) => Promise<unknown>,
  ): Promise<OwnerGuarded> {
    return this.dataSource.transaction(async (manager) => {
      if (this.dataSource.options.type === 'postgres') await manager.query('SELECT id FROM sites WHERE id = $1 FOR UPDATE', [siteId]);
      const repository = manager.getRepository(SiteMemberEntity);
      const member = await repository.findOneBy({ siteId, userId });
      if (!member) return 'missing';
      if (member.role === 'owner' && !staysOwner && (await repository.countBy({ siteId, role: 'owner' })) <= 1) return 'last-owner';
      await change(repository);
      return 'done';
    });
  }
}
