import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AuthTokenEntity, UserEntity, type AuthTokenKind, type UserRole } from '@cairn/storage';
import type { Repository } from 'typeorm';

/** Everything the accounts feature asks of the database, by intent. */
@Injectable()
export class AccountsRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(AuthTokenEntity) private readonly tokens: Repository<AuthTokenEntity>,
  ) {}

  countUsers(): Promise<number> {
    return this.users.count();
  }

  findUserByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ email });
  }

  findUserById(id: number): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  createUser(user: { email: string; passwordHash: string; role: UserRole; createdAt: number }): Promise<UserEntity> {
    return this.users.save(this.users.create(user));
  }

  async setPasswordHash(userId: number, passwordHash: string): Promise<void> {
    await this.users.update({ id: userId }, { passwordHash });
  }

  /** Deletes a user's login tokens but one (the one changing the password); API keys stay. */
  async deleteOtherSessions(userId: number, keep: string): Promise<void> {
    await this.tokens
      .createQueryBuilder()
      .delete()
      .where("user_id = :userId AND kind = 'session' AND id <> :keep", { userId, keep })
      .execute();
  }

  async saveToken(token: AuthTokenEntity): Promise<void> {
    await this.tokens.insert(token);
  }

  findTokenByHash(tokenHash: string): Promise<AuthTokenEntity | null> {
    return this.tokens.findOneBy({ tokenHash });
  }

  async touchToken(id: string, at: number): Promise<void> {
    await this.tokens.update({ id }, { lastUsedAt: at });
  }

  async deleteToken(id: string): Promise<void> {
    await this.tokens.delete({ id });
  }

  /** Deletes one of a user's tokens of a kind; false when there was none. */
  async deleteUserToken(userId: number, id: string, kind: AuthTokenKind): Promise<boolean> {
    const result = await this.tokens.delete({ id, userId, kind });
    return (result.affected ?? 0) > 0;
  }

  listUserTokens(userId: number, kind: AuthTokenKind): Promise<AuthTokenEntity[]> {
    return this.tokens.find({ where: { userId, kind }, order: { createdAt: 'ASC' } });
  }

  /** Expired sessions are useless; dropping them at login keeps the table from growing without bound. */
  async deleteExpiredTokens(now: number): Promise<void> {
    await this.tokens
      .createQueryBuilder()
      .delete()
      .where('expires_at IS NOT NULL AND expires_at < :now', { now })
      .execute();
  }
}
