import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashPassword } from '@cairn/accounts';
import { AuthTokenEntity, SiteEntity, UserEntity } from '@cairn/storage';

export interface UserListing {
  email: string;
  role: string;
  createdAt: number;
  sessions: number;
  apiKeys: number;
}

export interface SiteListing {
  domain: string;
  timezone: string;
  owner: string | null;
  createdAt: number;
}

export interface PasswordReset {
  email: string;
  password: string;
  sessionsRevoked: number;
  apiKeysRevoked: number;
}

export class NoSuchUser extends Error {}

/** Every user, oldest first, with how many sessions and API keys they hold. */
export async function listUsers(dataSource: DataSource): Promise<UserListing[]> {
  const users = await dataSource.getRepository(UserEntity).find({ order: { id: 'ASC' } });
  const tokens = await dataSource
    .getRepository(AuthTokenEntity)
    .createQueryBuilder('t')
    .select('t.user_id', 'userId')
    .addSelect('t.kind', 'kind')
    .addSelect('COUNT(*)', 'n')
    .where('t.expires_at IS NULL OR t.expires_at > :now', { now: Date.now() })
    .groupBy('t.user_id')
    .addGroupBy('t.kind')
    .getRawMany<{ userId: unknown; kind: string; n: unknown }>();
  const held = (userId: number, kind: string) => Number(tokens.find((row) => Number(row.userId) === userId && row.kind === kind)?.n ?? 0);
  return users.map((user) => ({ email: user.email, role: user.role, createdAt: user.createdAt, sessions: held(user.id, 'session'), apiKeys: held(user.id, 'api_key') }));
}

/** Every site, by domain, with its owner's email. */
export async function listSites(dataSource: DataSource): Promise<SiteListing[]> {
  const sites = await dataSource.getRepository(SiteEntity).find({ order: { domain: 'ASC' } });
  const owners = new Map((await dataSource.getRepository(UserEntity).find()).map((user) => [user.id, user.email]));
  return sites.map((site) => ({ domain: site.domain, timezone: site.timezone, owner: owners.get(site.ownerId) ?? null, createdAt: site.createdAt }));
}

/**
 * A new generated password for the user, and every token they held revoked (sessions and API keys:
 * whoever had the old password may have made either). One transaction: all of it or nothing.
 */
export async function resetPassword(dataSource: DataSource, email: string): Promise<PasswordReset> {
  const wanted = email.trim().toLowerCase();
  // 18 random bytes: 24 characters of base64url, about 144 bits.
  const password = randomBytes(18).toString('base64url');
  const passwordHash = await hashPassword(password);
  return dataSource.transaction(async (manager) => {
    const user = await manager.getRepository(UserEntity).findOneBy({ email: wanted });
    if (!user) throw new NoSuchUser(`No user ${wanted}`);
    await manager.getRepository(UserEntity).update({ id: user.id }, { passwordHash });
    const sessions = await manager.getRepository(AuthTokenEntity).delete({ userId: user.id, kind: 'session' });
    const apiKeys = await manager.getRepository(AuthTokenEntity).delete({ userId: user.id, kind: 'api_key' });
    return { email: user.email, password, sessionsRevoked: sessions.affected ?? 0, apiKeysRevoked: apiKeys.affected ?? 0 };
  });
}
