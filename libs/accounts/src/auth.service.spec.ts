import { jest } from '@jest/globals';
import { UnauthorizedException } from '@nestjs/common';
import { ManualClock } from '@cairn/clock';
import type { AuthTokenEntity, UserEntity } from '@cairn/storage';
import type { AccountsRepository } from './accounts.repository.js';
import { AuthService } from './auth.service.js';
import { hashPassword } from './password-hasher.js';

/** An in-memory stand-in with the repository's intent-named methods. */
function fakeRepository(users: UserEntity[] = []) {
  const tokens = new Map<string, AuthTokenEntity>();
  const repository = {
    countUsers: jest.fn(async () => users.length),
    findUserByEmail: jest.fn(async (email: string) => users.find((u) => u.email === email) ?? null),
    findUserById: jest.fn(async (id: number) => users.find((u) => u.id === id) ?? null),
    createUser: jest.fn(async (user: Omit<UserEntity, 'id'>) => {
      const created = { ...user, id: users.length + 1 };
      users.push(created);
      return created;
    }),
    saveToken: jest.fn(async (token: AuthTokenEntity) => void tokens.set(token.tokenHash, token)),
    findTokenByHash: jest.fn(async (hash: string) => tokens.get(hash) ?? null),
    touchToken: jest.fn(async () => undefined),
    deleteToken: jest.fn(async (id: string) => {
      for (const [hash, token] of tokens) if (token.id === id) tokens.delete(hash);
    }),
    deleteExpiredTokens: jest.fn(async () => undefined),
  };
  return { repository, users, tokens };
}

describe(AuthService.name, () => {
  const HOUR = 3_600_000;
  let clock: ManualClock;

  beforeEach(() => {
    clock = new ManualClock(Date.UTC(2026, 10, 25, 12));
  });

  const make = (repository: object, password?: string) =>
    new AuthService(repository as unknown as AccountsRepository, clock, { sessionTtlMs: 24 * HOUR, admin: { email: 'Admin@Example.org', password } });

  it('creates the admin on an empty database and generates a password when none is configured', async () => {
    const { repository, users } = fakeRepository();
    const sut = make(repository);
    await sut.ensureAdmin();
    expect(users).toEqual([expect.objectContaining({ email: 'admin@example.org', role: 'admin' })]);
    const generated = /with password (\S+) \(shown only this once\)/.exec(sut.adminLoginHint)![1];
    await expect(sut.login('admin@example.org', generated)).resolves.toEqual({ token: expect.any(String), expiresAt: expect.any(String) });
  });

  it('creates nobody when a user exists', async () => {
    const { repository } = fakeRepository([{ id: 1, email: 'x@example.org', passwordHash: 'h', role: 'admin', createdAt: 0 }]);
    const sut = make(repository, 'configured password');
    await sut.ensureAdmin();
    expect(repository.createUser).not.toHaveBeenCalled();
    expect(sut.adminLoginHint).not.toContain('configured password');
  });

  describe('tokens', () => {
    let sut: AuthService;
    beforeEach(async () => {
      const { repository } = fakeRepository([
        { id: 7, email: 'admin@example.org', passwordHash: await hashPassword('s3cret pass'), role: 'admin', createdAt: 0 },
      ]);
      sut = make(repository);
    });

    it('accepts a login token until it expires, then refuses it', async () => {
      const { token, expiresAt } = await sut.login(' ADMIN@example.org ', 's3cret pass');
      expect(expiresAt).toBe('2026-11-26T12:00:00.000Z');
      await expect(sut.authenticate(token)).resolves.toMatchObject({ id: 7, email: 'admin@example.org', role: 'admin' });
      clock.advance(24 * HOUR - 1);
      await expect(sut.authenticate(token)).resolves.not.toBeNull();
      clock.advance(1);
      await expect(sut.authenticate(token)).resolves.toBeNull();
    });

    it('refuses a wrong password and an unknown email alike', async () => {
      await expect(sut.login('admin@example.org', 'wrong')).rejects.toThrow(UnauthorizedException);
      await expect(sut.login('ghost@example.org', 's3cret pass')).rejects.toThrow('Wrong email or password');
    });

    it('forgets a token on logout', async () => {
      const { token } = await sut.login('admin@example.org', 's3cret pass');
      const principal = (await sut.authenticate(token))!;
      await sut.logout(principal);
      await expect(sut.authenticate(token)).resolves.toBeNull();
    });

    it('refuses tokens it never issued', async () => {
      await expect(sut.authenticate('cs_forged')).resolves.toBeNull();
    });
  });
});
