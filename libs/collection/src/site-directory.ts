import { Injectable } from '@nestjs/common';
import { Clock } from '@cairn/clock';
import { SitesService } from '@cairn/sites';
import { CompiledControls } from './controls/collection-controls.js';

export interface KnownSite {
  id: number;
  domain: string;
  /** What this site drops at collection (hostnames, exclusions), compiled once per lookup. */
  controls: CompiledControls;
}

/** How long a lookup is trusted: a new site is collected for within seconds, a deleted one (or changed controls) soon after. */
const TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;

/** Registered sites by domain, cached so that collection does not ask the database on every event. */
@Injectable()
export class SiteDirectory {
  private readonly cache = new Map<string, { site: KnownSite | null; until: number }>();

  constructor(
    private readonly sites: SitesService,
    private readonly clock: Clock,
  ) {}

  /** The site, or null when none is registered; straight from the cache when it holds the answer (nearly always). */
  find(domain: string): KnownSite | null | Promise<KnownSite | null> {
    const key = domain.trim().toLowerCase();
    const now = this.clock.now();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.site;
    return this.lookup(key, now);
  }

  private async lookup(key: string, now: number): Promise<KnownSite | null> {
    const found = await this.sites.lookup(key);
    const site = found ? { id: found.id, domain: found.domain, controls: new CompiledControls(found.domain, found) } : null;
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear(); // unknown domains must not grow it without bound
    this.cache.set(key, { site, until: now + TTL_MS });
    return site;
  }
}
