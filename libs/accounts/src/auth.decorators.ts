import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Principal } from './auth.service.js';

export const IS_PUBLIC = 'cairn:isPublic';

/** Opens a route to requests without a Bearer token; everything else requires one. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export interface AuthenticatedRequest {
  principal?: Principal;
}

/** The principal the AuthGuard attached to the request. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route the AuthGuard did not check');
  return principal;
});
