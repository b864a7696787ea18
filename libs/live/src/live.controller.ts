import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@cairn/accounts';
import type { LiveResponse } from '@cairn/contracts';
import { LiveQueryDto, LiveResponseDoc } from './live.dto.js';
import { LiveService } from './live.service.js';

@ApiTags('live')
@ApiBearerAuth()
@Controller('api/live')
export class LiveController {
  constructor(private readonly live: LiveService) {}

  @Get()
  @ApiOperation({
    summary: 'Visitors active in the last LIVE_WINDOW_MINUTES, by page, source and country',
    description: 'The same body the socket.io namespace `/live` pushes as `live` (with `site` and `at`); see docs/api.md for the socket protocol.',
  })
  @ApiOkResponse({ type: LiveResponseDoc })
  @ApiBadRequestResponse({ description: '{ error, details } when site is missing' })
  @ApiUnauthorizedResponse({ description: 'No, or an unknown, revoked or expired, Bearer token' })
  @ApiNotFoundResponse({ description: 'No such site, or not yours' })
  @ApiServiceUnavailableResponse({ description: 'Presence could not be read (with Redis away, counts fall back to this process’s own visitors instead)' })
  current(@CurrentPrincipal() principal: Principal, @Query() query: LiveQueryDto): Promise<LiveResponse> {
    return this.live.current(principal, query.site);
  }
}
