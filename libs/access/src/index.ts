export { AccessModule } from './access.module.js';
export { SiteAccess, type SiteGrant } from './site-access.service.js';
