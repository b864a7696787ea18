import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@cairn/accounts';
import type { SavedFunnel, Segment } from '@cairn/contracts';
import { IdPipe } from './id.pipe.js';
import { CreateFunnelDto, CreateSegmentDto } from './segment.dto.js';
import { SegmentsService } from './segments.service.js';

@ApiTags('segments')
@ApiBearerAuth()
@Controller('api/sites/:domain/segments')
export class SegmentsController {
  constructor(private readonly segments: SegmentsService) {}

  @Get()
  @ApiOperation({ summary: 'The site’s segments (named filter sets), by name' })
  @ApiOkResponse({ description: '[{ id, name, filters, createdAt }]' })
  @ApiNotFoundResponse({ description: 'No such site, or not yours' })
  list(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string): Promise<Segment[]> {
    return this.segments.listSegments(principal, domain);
  }

  @Post()
  @ApiOperation({ summary: 'Save a segment (admin+)', description: '`segment=<id>` on any stats or export call then applies its filters, ANDed with the call’s own.' })
  @ApiCreatedResponse({ description: 'The segment' })
  @ApiBadRequestResponse({ description: '{ error, details } naming each bad field' })
  @ApiForbiddenResponse({ description: 'Your role on the site is below admin' })
  @ApiNotFoundResponse({ description: 'No such site, or not yours' })
  create(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string, @Body() body: CreateSegmentDto): Promise<Segment> {
    return this.segments.createSegment(principal, domain, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a segment (admin+)' })
  @ApiForbiddenResponse({ description: 'Your role on the site is below admin' })
  @ApiNotFoundResponse({ description: 'No such site or segment, or not yours' })
  remove(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string, @Param('id', IdPipe) id: number): Promise<void> {
    return this.segments.removeSegment(principal, domain, id);
  }
}

@ApiTags('funnels')
@ApiBearerAuth()
@Controller('api/sites/:domain/funnels')
export class SavedFunnelsController {
  constructor(private readonly segments: SegmentsService) {}

  @Get()
  @ApiOperation({ summary: 'The site’s saved funnels, by name, seen by every member' })
  @ApiOkResponse({ description: '[{ id, name, steps, createdAt }]' })
  @ApiNotFoundResponse({ description: 'No such site, or not yours' })
  list(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string): Promise<SavedFunnel[]> {
    return this.segments.listFunnels(principal, domain);
  }

  @Post()
  @ApiOperation({ summary: 'Save a funnel (admin+)', description: '2–8 steps, each `{ page }` (with `*`) or `{ event }`; run it with POST /api/stats/funnel.' })
  @ApiCreatedResponse({ description: 'The funnel' })
  @ApiBadRequestResponse({ description: '{ error, details } naming each bad field' })
  @ApiForbiddenResponse({ description: 'Your role on the site is below admin' })
  @ApiNotFoundResponse({ description: 'No such site, or not yours' })
  create(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string, @Body() body: CreateFunnelDto): Promise<SavedFunnel> {
    return this.segments.createFunnel(principal, domain, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a saved funnel (admin+)' })
  @ApiForbiddenResponse({ description: 'Your role on the site is below admin' })
  @ApiNotFoundResponse({ description: 'No such site or funnel, or not yours' })
  remove(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string, @Param('id', IdPipe) id: number): Promise<void> {
    return this.segments.removeFunnel(principal, domain, id);
  }
}
