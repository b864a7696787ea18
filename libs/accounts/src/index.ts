export { AccountsModule } from './accounts.module.js';
export type { AccountsOptions } from './accounts.options.js';
export { AuthService, type Principal } from './auth.service.js';
export { CurrentPrincipal, Public } from './auth.decorators.js';
export { bearerToken } from './auth.guard.js';
export { hashPassword } from './password-hasher.js';
export { IsNewPassword } from './auth.dto.js';
export { hashToken, issueToken } from './token.js';
