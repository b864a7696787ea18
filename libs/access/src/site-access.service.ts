import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '@cairn/accounts';
import type { SiteRole } from '@cairn/contracts';
import { SitesService } from '@cairn/sites';
import type { SiteEntity } from '@cairn/storage';

const RANK: Record<SiteRole, number> = { viewer: 1, admin: 2, owner: 3 };

/** A site together with the role the asking principal holds on it. */
export interface SiteGrant {
  site: SiteEntity;
  role: SiteRole;
}

/**
 * The one place that answers "may this principal do this to this site?" (contract §7). Every
 * controller, the live gateway and export ask it: no role on the site → 404, as if it did not
 * exist; a role below the one needed → 403.
 */
@Injectable()
export class SiteAccess {
  constructor(private readonly sites: SitesService) {}

  /** The site and the principal's role on it, when that role is at least `need`. */
  async require(principal: Principal, domain: string, need: SiteRole): Promise<SiteGrant> {
    const site = await this.sites.findByDomain(domain);
    const role = site ? this.roleOn(principal, site) : null;
    if (!site || !role) throw new NotFoundException(`No site ${domain}`);
    if (RANK[role] < RANK[need]) throw new ForbiddenException(`Your role on ${site.domain} is ${role}; this needs ${need}`);
    return { site, role };
  }

  /** Until members exist: the instance's admins and the site's creator own it; nobody else has a role. */
  private roleOn(principal: Principal, site: SiteEntity): SiteRole | null {
    return principal.role === 'admin' || site.ownerId === principal.id ? 'owner' : null;
  }
}
