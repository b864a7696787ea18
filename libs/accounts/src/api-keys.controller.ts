import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ApiKeySummary, CreatedApiKey } from '@cairn/contracts';
import { ApiKeysService } from './api-keys.service.js';
import { CurrentPrincipal } from './auth.decorators.js';
import { CreateApiKeyDto } from './auth.dto.js';
import type { Principal } from './auth.service.js';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('api/keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Make a long-lived API key for scripts (the key is shown once)' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateApiKeyDto): Promise<CreatedApiKey> {
    return this.keys.create(principal.id, body.name);
  }

  @Get()
  @ApiOperation({ summary: 'List your API keys (without the keys themselves)' })
  list(@CurrentPrincipal() principal: Principal): Promise<ApiKeySummary[]> {
    return this.keys.list(principal.id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key' })
  remove(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.keys.remove(principal.id, id);
  }
}
