import { ConflictException, Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@cairn/accounts';
import { Clock } from '@cairn/clock';
import { invalidFields } from '@cairn/http';
import type { Site, SiteRole, UpdateSiteRequest } from '@cairn/contracts';
import type { SiteEntity } from '@cairn/storage';
import { normalizeExclusions, normalizeHostPattern } from './site-controls.js';
import { normalizeDomain } from './site-domain.js';
import { SiteAuthorizer } from './site-authorizer.js';
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
    private readonly authorizer: SiteAuthorizer,
    @Inject(SITES_OPTIONS) private readonly options: SitesOptions,
  ) {}

  /** The sites the principal holds a role on, each with that role. */
  async list(principal: Principal): Promise<Site[]> {
    return (await this.authorizer.visible(principal)).map(({ site, role }) => toSite(site, role));
  }

  async create(principal: Principal, input: { domain: string; timezone?: string }): Promise<Site> {
    // The DTO already refused what does not normalise; this only canonicalises.
    const domain = normalizeDomain(input.domain)!;
    const timezone = canonicalTimeZone(input.timezone ?? this.options.defaultTimezone)!;
    if (await this.repository.findByDomain(domain)) throw new ConflictException(`${domain} is already registered`);
    try {
      return toSite(await this.repository.insertSite({ domain, timezone, ownerId: principal.id, createdAt: this.clock.now() }), 'owner');
    } catch (error) {
      // Lost a race with a concurrent create of the same domain: the unique index refused it.
      if (await this.repository.findByDomain(domain)) throw new ConflictException(`${domain} is already registered`);
      throw error;
    }
  }

  /** A registered site by domain, whoever asks: for collection, which is public. */
  async lookup(domain: string): Promise<Pick<SiteEntity, 'id' | 'domain' | 'timezone' | 'hostnames' | 'exclusions'> | null> {
    const normalized = normalizeDomain(domain);
    return normalized ? this.repository.findByDomain(normalized) : null;
  }

  /** Registers a site for an owner unless it exists (the demo site on first start, which takes any host: `['*']`). */
  async ensureSite(domain: string, ownerId: number, hostnames: string[] | null = null): Promise<void> {
    if (await this.repository.findByDomain(domain)) return;
    await this.repository.insertSite({ domain, timezone: this.options.defaultTimezone, ownerId, createdAt: this.clock.now(), hostnames });
  }

  async get(principal: Principal, domain: string): Promise<Site> {
    const { site, role } = await this.authorizer.require(principal, domain, 'viewer');
    return toSite(site, role);
  }

  /** Site settings (admin and above); only what the request names changes. */
  async update(principal: Principal, domain: string, changes: UpdateSiteRequest): Promise<Site> {
    if (changes.timezone === undefined && changes.hostnames === undefined && changes.exclusions === undefined) {
      throw invalidFields([{ field: 'timezone', problems: ['send at least one setting to change: timezone, hostnames or exclusions'] }]);
    }
    const { site, role } = await this.authorizer.require(principal, domain, 'admin');
    const updated: SiteEntity = { ...site };
    if (changes.timezone !== undefined) updated.timezone = canonicalTimeZone(changes.timezone)!;
    // The DTO checked every entry; these only canonicalise (lower-case hosts, upper-case countries, no duplicates).
    if (changes.hostnames !== undefined) updated.hostnames = [...new Set(changes.hostnames.map((host) => normalizeHostPattern(host)!))];
    if (changes.exclusions !== undefined) updated.exclusions = normalizeExclusions({ ...normalizeExclusions(site.exclusions), ...changes.exclusions });
    await this.repository.updateSite(site.id, { timezone: updated.timezone, hostnames: updated.hostnames ?? null, exclusions: updated.exclusions ?? null });
    return toSite(updated, role);
  }

  /** Deleting a site and all its data is for its owners. */
  async remove(principal: Principal, domain: string): Promise<void> {
    const { site } = await this.authorizer.require(principal, domain, 'owner');
    await this.repository.deleteSite(site.id);
  }

  /** A registered site by any spelling of its domain, or null; no authorization (SiteAccess decides that). */
  async findByDomain(domain: string): Promise<SiteEntity | null> {
    const normalized = normalizeDomain(domain);
    return normalized ? this.repository.findByDomain(normalized) : null;
  }
}

function toSite(site: SiteEntity, role: SiteRole): Site {
  return {
    domain: site.domain,
    timezone: site.timezone,
    createdAt: new Date(site.createdAt).toISOString(),
    role,
    hostnames: site.hostnames ?? [],
    exclusions: normalizeExclusions(site.exclusions),
  };
}
