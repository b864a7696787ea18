export { SitesModule } from './sites.module.js';
export { SitesService, type SitesOptions } from './sites.service.js';
export { normalizeDomain } from './site-domain.js';
export { canonicalTimeZone } from './time-zone.js';
export { IsIanaTimeZone, IsSiteDomain } from './site.validators.js';
export { SiteAuthorizer, type SiteGrant } from './site-authorizer.js';
