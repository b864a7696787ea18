export { AccessModule } from './access.module.js';
export { SiteAccess, roleAtLeast } from './site-access.service.js';
export { MembersRepository } from './members.repository.js';
export type { SiteGrant } from '@cairn/sites';
