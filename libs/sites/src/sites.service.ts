import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '@cairn/accounts';
import { Clock } from '@cairn/clock';
import type { Site } from '@cairn/contracts';
import type { SiteEntity } from '@cairn/storage';
import { normalizeDomain } from './site-domain.js';
import { SitesRepository } from './sites.repository.js';
import { canonicalTimeZone } from './time-zone.js';

export interface SitesOptions {
  /** Zone given to a site created without one. */
  defaultTimezone: string;
}

export const SITES_OPTIONS = Symbol('SITES_OPTIONS');

@Injectable()
export class SitesService {
  constructor(
    private readonly repository: SitesRepository,
    private readonly clock: Clock,
    @Inject(SITES_OPTIONS) private readonly options: SitesOptions,
  ) {}

  /** Admins see every site; members the ones they added. */
  async list(principal: Principal): Promise<Site[]> {
    const sites = await this.repository.listSites(principal.role === 'admin' ? undefined : principal.id);
    return sites.map(toSite);
  }

  async create(principal: Principal, input: { domain: string; timezone?: string }): Promise<Site> {
    // The DTO already refused what does not normalise; this only canonicalises.
    const domain = normalizeDomain(input.domain)!;
    const timezone = canonicalTimeZone(input.timezone ?? this.options.defaultTimezone)!;
    if (await this.repository.findByDomain(domain)) throw new ConflictException(`${domain} is already registered`);
    try {
      return toSite(await this.repository.insertSite({ domain, timezone, ownerId: principal.id, createdAt: this.clock.now() }));
    } catch (error) {
      // Lost a race with a concurrent create of the same domain: the unique index refused it.
      if (await this.repository.findByDomain(domain)) throw new ConflictException(`${domain} is already registered`);
      throw error;
    }
  }

  /** A registered site by domain, whoever asks: for collection, which is public. */
  async lookup(domain: string): Promise<{ id: number; domain: string; timezone: string } | null> {
    const normalized = normalizeDomain(domain);
    return normalized ? this.repository.findByDomain(normalized) : null;
  }

  /** Registers a site for an owner unless it exists (the demo site on first start). */
  async ensureSite(domain: string, ownerId: number): Promise<void> {
    if (await this.repository.findByDomain(domain)) return;
    await this.repository.insertSite({ domain, timezone: this.options.defaultTimezone, ownerId, createdAt: this.clock.now() });
  }

  async get(principal: Principal, domain: string): Promise<Site> {
    return toSite(await this.findVisible(principal, domain));
  }

  async remove(principal: Principal, domain: string): Promise<void> {
    const site = await this.findVisible(principal, domain);
    await this.repository.deleteSite(site.id);
  }

  /** The site if this principal may see it; 404 otherwise, so strangers cannot probe which domains exist. */
  async findVisible(principal: Principal, domain: string): Promise<SiteEntity> {
    const site = await this.findByDomain(domain);
    if (!site || (principal.role !== 'admin' && site.ownerId !== principal.id)) {
      throw new NotFoundException(`No site ${domain}`);
    }
    return site;
  }

  /** A registered site by any spelling of its domain, or null; no authorization (SiteAccess decides that). */
  async findByDomain(domain: string): Promise<SiteEntity | null> {
    const normalized = normalizeDomain(domain);
    return normalized ? this.repository.findByDomain(normalized) : null;
  }
}

function toSite(site: SiteEntity): Site {
  return { domain: site.domain, timezone: site.timezone, createdAt: new Date(site.createdAt).toISOString() };
}
