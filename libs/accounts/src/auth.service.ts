import { randomBytes, randomUUID } from 'node:crypto';
import { ForbiddenException, HttpException, HttpStatus, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { Clock } from '@cairn/clock';
import type { CurrentUser, LoginResponse } from '@cairn/contracts';
import type { AuthTokenKind } from '@cairn/storage';
import { AccountsRepository } from './accounts.repository.js';
import { ACCOUNTS_OPTIONS, type AccountsOptions } from './accounts.options.js';
import { hashPassword, UNMATCHABLE_HASH, verifyPassword } from './password-hasher.js';
import { LoginBackoff } from './login-backoff.js';
import { hashToken, issueToken } from './token.js';

/** 429 for an account in its back-off; the controller sends `retryAfterSeconds` as Retry-After. */
export class LoginBackoffException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many wrong passwords for this account; wait ${retryAfterSeconds} s`, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/** What a request is acting as once its Bearer token checked out. */
export interface Principal extends CurrentUser {
  tokenId: string;
  /** A login (`session`) or an `api_key`: some things only a login may do. */
  tokenKind: AuthTokenKind;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  /** How to log in to the dashboard, for the start banner; holds a generated password on first start only. */
  adminLoginHint = '';
  private readonly backoff: LoginBackoff;

  constructor(
    private readonly repository: AccountsRepository,
    private readonly clock: Clock,
    @Inject(ACCOUNTS_OPTIONS) private readonly options: AccountsOptions,
  ) {
    this.backoff = new LoginBackoff(options.loginBackoffAfter);
  }

  /**
   * Creates the admin on an empty database, with a generated password (shown once) when none was
   * configured. Returns the new admin's id, or null when the database already had users.
   */
  async ensureAdmin(): Promise<number | null> {
    const email = this.options.admin.email.toLowerCase();
    if ((await this.repository.countUsers()) > 0) {
      this.adminLoginHint = `Log in as ${email} with the password set at first start.`;
      return null;
    }
    const password = this.options.admin.password ?? randomBytes(12).toString('base64url');
    let admin;
    try {
      admin = await this.repository.createUser({
        email,
        passwordHash: await hashPassword(password),
        role: 'admin',
        createdAt: this.clock.now(),
      });
    } catch (error) {
      // Another process sharing the database created it first.
      if (await this.repository.findUserByEmail(email)) return null;
      throw error;
    }
    if (this.options.admin.password) {
      this.adminLoginHint = `Admin account created: log in as ${email} with ADMIN_PASSWORD.`;
    } else {
      // Printed once: only its hash is kept, so it cannot be shown again.
      this.adminLoginHint = `Admin account created: log in as ${email} with password ${password} (shown only this once).`;
    }
    this.logger.log(`Admin account ${email} created`);
    return admin.id;
  }

  /**
   * A login token for the right email and password. Past a few wrong passwords in a row the account
   * backs off (LoginBackoff): until its wait is over, attempts get 429 without the password being
   * checked — whichever address they come from, known email or not.
   */
  async login(email: string, password: string): Promise<LoginResponse> {
    const normalized = email.trim().toLowerCase();
    const wait = this.backoff.waitMs(normalized, this.clock.now());
    if (wait > 0) throw new LoginBackoffException(Math.ceil(wait / 1000));
    const user = await this.repository.findUserByEmail(normalized);
    // Hash even for an unknown email, so timing does not tell which emails exist.
    const valid = await verifyPassword(password, user?.passwordHash ?? UNMATCHABLE_HASH);
    if (!user || !valid) {
      this.backoff.failed(normalized, this.clock.now());
      throw new UnauthorizedException('Wrong email or password');
    }
    this.backoff.succeeded(normalized);
    return this.startSession(user.id);
  }

  /** The user of this email when the password is theirs, else null; as slow for an unknown email. */
  async checkPassword(email: string, password: string): Promise<{ id: number; email: string } | null> {
    const user = await this.repository.findUserByEmail(email.trim().toLowerCase());
    // Hash even for an unknown email, so timing does not tell which emails exist.
    const valid = await verifyPassword(password, user?.passwordHash ?? UNMATCHABLE_HASH);
    return user && valid ? user : null;
  }

  /** A member account for an accepted invitation (the instance's first user is made by ensureAdmin). */
  async createMember(email: string, password: string): Promise<{ id: number; email: string }> {
    return this.repository.createUser({ email: email.trim().toLowerCase(), passwordHash: await hashPassword(password), role: 'member', createdAt: this.clock.now() });
  }

  /** The user of an email, if any. */
  async findUser(email: string): Promise<{ id: number; email: string } | null> {
    return this.repository.findUserByEmail(email.trim().toLowerCase());
  }

  /**
   * Changes the caller's password once the current one checks out, and revokes every other login
   * token of theirs: a session someone else opened with the old password ends here (its live
   * socket within seconds, see LiveGateway). API keys are not sessions and stay.
   */
  async changePassword(principal: Principal, currentPassword: string, newPassword: string): Promise<void> {
    // A leaked key must not be able to lock its owner out.
    if (principal.tokenKind !== 'session') throw new ForbiddenException('Only a login changes a password, not an API key');
    const user = await this.repository.findUserById(principal.id);
    if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) throw new UnauthorizedException('The current password is wrong');
    await this.repository.setPasswordHash(user.id, await hashPassword(newPassword));
    await this.repository.deleteOtherSessions(user.id, principal.tokenId);
  }

  /** A login token for a user whose identity was just proven (a password, an invitation). */
  async startSession(userId: number): Promise<LoginResponse> {
    const now = this.clock.now();
    await this.repository.deleteExpiredTokens(now);
    const issued = issueToken('session');
    const expiresAt = now + this.options.sessionTtlMs;
    await this.repository.saveToken({
      id: randomUUID(),
      userId,
      kind: 'session',
      name: 'login',
      tokenHash: issued.hash,
      prefix: issued.prefix,
      createdAt: now,
      expiresAt,
      lastUsedAt: now,
    });
    return { token: issued.token, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** The principal behind a Bearer token, or null for an unknown, deleted or expired one. */
  async authenticate(token: string): Promise<Principal | null> {
    const stored = await this.repository.findTokenByHash(hashToken(token));
    if (!stored) return null;
    const now = this.clock.now();
    if (stored.expiresAt !== null && stored.expiresAt <= now) return null;
    const user = await this.repository.findUserById(stored.userId);
    if (!user) return null;
    // Minute resolution is enough for "last used", and spares a write per request.
    if (stored.lastUsedAt === null || now - stored.lastUsedAt > 60_000) {
      await this.repository.touchToken(stored.id, now);
    }
    return { id: user.id, email: user.email, role: user.role, tokenId: stored.id, tokenKind: stored.kind };
  }

  async logout(principal: Principal): Promise<void> {
    await this.repository.deleteToken(principal.tokenId);
  }
}
