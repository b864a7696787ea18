import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { SiteEntity } from '@cairn/storage';
import type { Repository } from 'typeorm';

@Injectable()
export class SitesRepository {
  constructor(@InjectRepository(SiteEntity) private readonly sites: Repository<SiteEntity>) {}

  /** All sites, or only those one user owns. */
  listSites(ownerId?: number): Promise<SiteEntity[]> {
    return this.sites.find({ where: ownerId === undefined ? {} : { ownerId }, order: { domain: 'ASC' } });
  }

  findByDomain(domain: string): Promise<SiteEntity | null> {
    return this.sites.findOneBy({ domain });
  }

  insertSite(site: Omit<SiteEntity, 'id'>): Promise<SiteEntity> {
    return this.sites.save(this.sites.create(site));
  }

  async deleteSite(id: number): Promise<void> {
    await this.sites.delete({ id });
  }
}
