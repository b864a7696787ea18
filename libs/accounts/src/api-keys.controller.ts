import { Body, Controller, Delete, ForbiddenException, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ApiKeySummary, CreatedApiKey } from '@cairn/contracts';
import { ApiKeysService } from './api-keys.service.js';
import { CurrentPrincipal } from './auth.decorators.js';
import { CreateApiKeyDto } from './auth.dto.js';
import type { Principal } from './auth.service.js';

/**
 * API keys are managed from a login only: a key that could mint keys would turn one leaked key into
 * lasting access that revoking it does not end.
 */
@ApiTags('auth')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Called with an API key: keys are managed from a login' })
@Controller('api/keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Make a long-lived API key for scripts (the key is shown once)' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateApiKeyDto): Promise<CreatedApiKey> {
    return this.keys.create(fromLogin(principal).id, body.name, body.expiresAt ?? null);
  }

  @Get()
  @ApiOperation({ summary: 'List your API keys (without the keys themselves)' })
  list(@CurrentPrincipal() principal: Principal): Promise<ApiKeySummary[]> {
    return this.keys.list(fromLogin(principal).id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key' })
  remove(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.keys.remove(fromLogin(principal).id, id);
  }
}

function fromLogin(principal: Principal): Principal {
  if (principal.tokenKind !== 'session') {
    throw new ForbiddenException('API keys are managed from a login, not with an API key');
  }
  return principal;
}
