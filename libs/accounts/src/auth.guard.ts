import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthService } from './auth.service.js';
import { IS_PUBLIC, type AuthenticatedRequest } from './auth.decorators.js';

/** Global guard: every route needs `Authorization: Bearer <token>` unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { headers: Record<string, string | undefined> }>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new UnauthorizedException('Send Authorization: Bearer <token>');
    const principal = await this.auth.authenticate(token);
    if (!principal) throw new UnauthorizedException('Token unknown, revoked or expired');
    request.principal = principal;
    return true;
  }
}

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+([\w.~+/-]+=*)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}
