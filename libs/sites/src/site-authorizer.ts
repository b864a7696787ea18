import type { Principal } from '@cairn/accounts';
import type { SiteRole } from '@cairn/contracts';
import type { SiteEntity } from '@cairn/storage';

/** A site together with the role the asking principal holds on it. */
export interface SiteGrant {
  site: SiteEntity;
  role: SiteRole;
}

/**
 * What the sites routes ask of authorization. Declared here and answered by `SiteAccess`
 * (libs/access), which stays the one place that decides roles; this keeps sites from importing it.
 */
export abstract class SiteAuthorizer {
  /** The site and the principal's role on it when at least `need`: 404 with no role, 403 when too low. */
  abstract require(principal: Principal, domain: string, need: SiteRole): Promise<SiteGrant>;
  /** Every site the principal holds a role on, by domain. */
  abstract visible(principal: Principal): Promise<SiteGrant[]>;
}
