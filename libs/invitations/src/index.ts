export { InvitationsModule } from './invitations.module.js';
export { INVITATION_TTL_MS } from './invitations.service.js';
