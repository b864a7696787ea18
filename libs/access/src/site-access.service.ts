import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '@cairn/accounts';
import type { SiteRole } from '@cairn/contracts';
import { normalizeDomain, SiteAuthorizer, type SiteGrant } from '@cairn/sites';
import { MembersRepository } from './members.repository.js';

const RANK: Record<SiteRole, number> = { viewer: 1, admin: 2, owner: 3 };

/** True when `role` is at least `need` (owner > admin > viewer). */
export function roleAtLeast(role: SiteRole, need: SiteRole): boolean {
  return RANK[role] >= RANK[need];
}

/**
 * The one place that answers "may this principal do this to this site?" (contract §7). Every
 * controller, the live gateway and export ask it: no role on the site → 404, as if it did not
 * exist; a role below the one needed → 403. A role is a row of `site_members`, nothing else.
 */
@Injectable()
export class SiteAccess extends SiteAuthorizer {
  constructor(private readonly members: MembersRepository) {
    super();
  }

  /** The site and the principal's role on it, when that role is at least `need`. */
  async require(principal: Principal, domain: string, need: SiteRole): Promise<SiteGrant> {
    const normalized = normalizeDomain(domain);
    const grant = normalized ? await this.members.grantOn(principal.id, normalized) : null;
    if (!grant) throw new NotFoundException(`No site ${domain}`);
    if (!roleAtLeast(grant.role, need)) throw new ForbiddenException(`Your role on ${grant.site.domain} is ${grant.role}; this needs ${need}`);
    return grant;
  }

  /** Every site the principal holds a role on, by domain. */
  visible(principal: Principal): Promise<SiteGrant[]> {
    return this.members.grantsOf(principal.id);
  }
}
