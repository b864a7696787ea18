import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { SiteEntity, SiteMemberEntity } from '@cairn/storage';
import type { Repository } from 'typeorm';

@Injectable()
export class SitesRepository {
  constructor(@InjectRepository(SiteEntity) private readonly sites: Repository<SiteEntity>) {}

  findByDomain(domain: string): Promise<SiteEntity | null> {
    return this.sites.findOneBy({ domain });
  }

  /** The site and its creator's `owner` membership, together or not at all. */
  insertSite(site: Omit<SiteEntity, 'id'>): Promise<SiteEntity> {
    return this.sites.manager.transaction(async (manager) => {
      const saved = await manager.save(SiteEntity, manager.create(SiteEntity, site));
      await manager.insert(SiteMemberEntity, { siteId: saved.id, userId: site.ownerId, role: 'owner', createdAt: site.createdAt });
      return saved;
    });
  }

  async updateSite(id: number, changes: Partial<Pick<SiteEntity, 'timezone' | 'hostnames' | 'exclusions'>>): Promise<void> {
    await this.sites.update({ id }, changes);
  }

  async deleteSite(id: number): Promise<void> {
    await this.sites.delete({ id });
  }
}
