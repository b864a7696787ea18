import { Body, Controller, Header, HttpCode, Options, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import type { Request } from 'express';
import { Public } from '@cairn/accounts';
import { CollectService } from './collect.service.js';
import { EventDto } from './event.dto.js';

@ApiTags('collection')
@Controller('api/event')
@Public()
export class EventController {
  constructor(private readonly collect: CollectService) {}

  @Post()
  @HttpCode(202)
  @UseGuards(ThrottlerGuard)
  @SkipThrottle({ default: true })
  @ApiOperation({ summary: 'Record a pageview, custom event or engagement (JSON body, any Content-Type, at most 8 KiB)' })
  @ApiAcceptedResponse({ description: 'Stored durably (or dropped as a bot); no body' })
  @ApiBadRequestResponse({ description: 'Malformed event: { error, details }' })
  @ApiNotFoundResponse({ description: 'The site is not registered' })
  @ApiPayloadTooLargeResponse({ description: 'Body over 8 KiB' })
  @ApiTooManyRequestsResponse({ description: 'Past the per-client rate limit' })
  async record(@Body() body: EventDto, @Req() request: Request): Promise<void> {
    await this.collect.ingest(body, { ip: request.ip, userAgent: request.headers['user-agent'] });
  }

  /** Browsers preflight a JSON POST from another origin; the tracker's text/plain beacon needs none. */
  @Options()
  @HttpCode(204)
  @Header('Access-Control-Allow-Methods', 'POST, OPTIONS')
  @Header('Access-Control-Allow-Headers', 'Content-Type')
  @Header('Access-Control-Max-Age', '86400')
  preflight(): void {}
}
