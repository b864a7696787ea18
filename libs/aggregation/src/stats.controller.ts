import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@cairn/accounts';
import { DIMENSIONS, type BreakdownResponse, type FunnelResponse, type PropKeysResponse, type SummaryResponse, type TimeseriesResponse } from '@cairn/contracts';
import { FunnelRequestDto } from './funnel.dto.js';
import type { RawParams } from './stats-params.js';
import { StatsService } from './stats.service.js';
import { INTERVALS, PERIODS } from './time-range.js';

/** The query parameters every stats call shares, for the OpenAPI document. */
export function ApiStatsSlice(): MethodDecorator {
  const decorators = [
    ApiQuery({ name: 'site', required: true, description: 'The site’s domain', example: 'example.com' }),
    ApiQuery({ name: 'period', required: false, enum: PERIODS, description: 'Default 30d. Days are the site’s days; 7d and 30d include today' }),
    ApiQuery({ name: 'start', required: false, description: 'Instead of period: UNIX seconds or ISO 8601; a bare date is that day in the site’s zone' }),
    ApiQuery({ name: 'end', required: false, description: 'With start: inclusive for a date, exclusive for an instant' }),
    ApiQuery({
      name: 'filter.<dimension>',
      required: false,
      description: `Repeat a dimension for OR, combine dimensions for AND; \`*\` is a wildcard in page, entry_page and exit_page. Dimensions: ${DIMENSIONS.join(', ')}, goal (a goal’s name: keeps the visits that completed it), prop:<key>`,
    }),
    ApiQuery({ name: 'segment', required: false, description: 'A segment’s id (GET /api/sites/:domain/segments): its filters join the call’s own (AND)' }),
    ApiBadRequestResponse({ description: '{ error, details: [{ field, problems }] } naming each bad parameter' }),
    ApiNotFoundResponse({ description: 'No such site, or not yours' }),
  ];
  return (target, key, descriptor) => {
    for (const decorator of decorators) decorator(target, key, descriptor);
  };
}

@ApiTags('stats')
@ApiBearerAuth()
@Controller('api/stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get('summary')
  @ApiOperation({ summary: 'Visitors, visits, pageviews, views per visit, bounce rate, visit duration, custom events' })
  @ApiStatsSlice()
  @ApiQuery({ name: 'compare', required: false, enum: ['previous'], description: 'Add `previous`: the slice before, of equal length' })
  @ApiOkResponse({ description: '{ visitors, visits, pageviews, viewsPerVisit, bounceRate, visitDuration, events, previous? }' })
  summary(@CurrentPrincipal() principal: Principal, @Query() query: RawParams): Promise<SummaryResponse> {
    return this.stats.summary(principal, query);
  }

  @Get('timeseries')
  @ApiOperation({ summary: 'Metrics per bucket, every bucket present, in the site’s time zone' })
  @ApiStatsSlice()
  @ApiQuery({ name: 'interval', required: false, enum: INTERVALS, description: 'Default: by the slice’s length' })
  @ApiQuery({
    name: 'compare',
    required: false,
    enum: ['previous'],
    description: 'Add `previous`: the buckets of the slice before, of equal length, at the same interval (bucket i of one lines up with bucket i of the other)',
  })
  @ApiOkResponse({ description: '{ interval, results: [{ time, visitors, visits, pageviews, bounceRate, visitDuration }], previous? }' })
  timeseries(@CurrentPrincipal() principal: Principal, @Query() query: RawParams): Promise<TimeseriesResponse> {
    return this.stats.timeseries(principal, query);
  }

  @Get('breakdown')
  @ApiOperation({ summary: 'Top values of a dimension, sorted by visitors' })
  @ApiStatsSlice()
  @ApiQuery({ name: 'dimension', required: true, description: `${DIMENSIONS.join(', ')}, or prop:<key>` })
  @ApiQuery({ name: 'limit', required: false, description: '1–1000, default 10' })
  @ApiQuery({ name: 'offset', required: false, description: 'Default 0' })
  @ApiOkResponse({ description: '{ dimension, results: [{ value, visitors, visits, pageviews, bounceRate, visitDuration | timeOnPage, scrollDepth | events }] }; goal rows: { value, visitors, visits, events, conversionRate, revenue? }' })
  breakdown(@CurrentPrincipal() principal: Principal, @Query() query: RawParams): Promise<BreakdownResponse> {
    return this.stats.breakdown(principal, query);
  }

  @Get('prop-keys')
  @ApiOperation({
    summary: 'The property keys custom events carried, to break down by prop:<key>',
    description: 'Sorted by visitors, then events. Read from raw events (with the slice’s filters), so a long slice takes longer than a breakdown.',
  })
  @ApiStatsSlice()
  @ApiQuery({ name: 'event', required: false, description: 'Only the keys of this custom event (by name); default every custom event' })
  @ApiQuery({ name: 'limit', required: false, description: '1–1000, default 100' })
  @ApiOkResponse({ description: '{ event, results: [{ key, visitors, events }] }' })
  propKeys(@CurrentPrincipal() principal: Principal, @Query() query: RawParams): Promise<PropKeysResponse> {
    return this.stats.propKeys(principal, query);
  }

  @Post('funnel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Visitors reaching each step, in order within one visit' })
  @ApiOkResponse({ description: '{ steps: [{ label, visitors, conversionRate, dropoff, dropoffRate }] }' })
  @ApiBadRequestResponse({ description: '{ error, details } naming each bad field' })
  @ApiNotFoundResponse({ description: 'No such site, or not yours' })
  funnel(@CurrentPrincipal() principal: Principal, @Body() body: FunnelRequestDto): Promise<FunnelResponse> {
    return this.stats.funnel(principal, body as unknown as RawParams & FunnelRequestDto);
  }
}
