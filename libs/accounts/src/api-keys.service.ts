import { randomUUID } from 'node:crypto';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { Clock } from '@cairn/clock';
import type { ApiKeySummary, CreatedApiKey } from '@cairn/contracts';
import type { AuthTokenEntity } from '@cairn/storage';
import { AccountsRepository } from './accounts.repository.js';
import { issueToken } from './token.js';

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly repository: AccountsRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Makes a key for scripts, working until revoked or until `expiresAt` (an ISO 8601 instant in the
   * future); the key is in the answer once and only its hash is kept.
   */
  async create(userId: number, name: string, expiresAt: string | null = null): Promise<CreatedApiKey> {
    const now = this.clock.now();
    const expires = expiresAt === null ? null : Date.parse(expiresAt);
    if (expires !== null && !(expires > now)) {
      throw new BadRequestException({
        error: 'Invalid request',
        details: [{ field: 'expiresAt', problems: ['expiresAt must be in the future'] }],
      });
    }
    const issued = issueToken('api_key');
    const entity: AuthTokenEntity = {
      id: randomUUID(),
      userId,
      kind: 'api_key',
      name,
      tokenHash: issued.hash,
      prefix: issued.prefix,
      createdAt: now,
      expiresAt: expires,
      lastUsedAt: null,
    };
    await this.repository.saveToken(entity);
    return { ...toSummary(entity), key: issued.token };
  }

  async list(userId: number): Promise<ApiKeySummary[]> {
    return (await this.repository.listUserTokens(userId, 'api_key')).map(toSummary);
  }

  async remove(userId: number, id: string): Promise<void> {
    if (!(await this.repository.deleteUserToken(userId, id, 'api_key'))) {
      throw new NotFoundException(`No API key ${id}`);
    }
  }
}

function toSummary(token: AuthTokenEntity): ApiKeySummary {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    createdAt: new Date(token.createdAt).toISOString(),
    expiresAt: token.expiresAt === null ? null : new Date(token.expiresAt).toISOString(),
    lastUsedAt: token.lastUsedAt === null ? null : new Date(token.lastUsedAt).toISOString(),
  };
}
