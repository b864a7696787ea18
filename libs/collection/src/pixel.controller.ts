import { Catch, Controller, Get, HttpException, Injectable, Query, Req, Res, UseFilters, UseGuards, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request, Response } from 'express';
import { Public } from '@cairn/accounts';
import { jsonBodyProblem } from '@cairn/http';
import { Metrics } from '@cairn/metrics';
import { CollectService } from './collect.service.js';
import { EventDto } from './event.dto.js';

/** A 1×1 transparent GIF. */
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

function sendGif(response: Response): void {
  response
    .status(200)
    .set({
      'Content-Type': 'image/gif',
      'Cache-Control': 'no-store',
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    })
    .end(GIF);
}

/** Whatever went wrong (rate limit, unknown site, database), the pixel answers with the GIF; /metrics counts it refused. */
@Catch()
@Injectable()
class AlwaysGifFilter implements ExceptionFilter {
  constructor(private readonly metrics: Metrics) {}

  catch(error: unknown, host: ArgumentsHost): void {
    this.metrics.eventRefused(Metrics.refusalOf(error instanceof HttpException ? error.getStatus() : 500));
    const response = host.switchToHttp().getResponse<Response>();
    if (!response.headersSent) sendGif(response);
  }
}

type PixelQuery = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** The no-JavaScript pixel's parameters as an event (names as in the original pixel prototype). */
export function pixelToEvent(query: PixelQuery): Record<string, unknown> {
  const site = first(query.site) ?? '';
  const path = first(query.path) ?? '/';
  const resolution = /^(\d{1,5}),(\d{1,5})$/.exec(first(query.resolution) ?? '');
  return {
    site,
    type: 'pageview',
    url: `https://${site}${path.startsWith('/') ? path : `/${path}`}`,
    referrer: first(query.referrer) || undefined,
    title: first(query.title) || undefined,
    screen: resolution ? `${resolution[1]}x${resolution[2]}` : undefined,
  };
}

@ApiTags('collection')
@Controller('pixel.gif')
@Public()
@UseFilters(AlwaysGifFilter)
export class PixelController {
  constructor(
    private readonly collect: CollectService,
    private readonly metrics: Metrics,
  ) {}

  @Get()
  @UseGuards(ThrottlerGuard)
  @SkipThrottle({ default: true })
  @ApiOperation({ summary: 'The <noscript> pixel: always a 1×1 GIF; records a pageview when the parameters are valid' })
  @ApiQuery({ name: 'site', example: 'example.com' })
  @ApiQuery({ name: 'path', example: '/pricing', required: false })
  @ApiQuery({ name: 'title', required: false })
  @ApiQuery({ name: 'referrer', required: false })
  @ApiQuery({ name: 'resolution', example: '1920,1080', required: false })
  @ApiOkResponse({ description: 'image/gif, Cache-Control: no-store' })
  async pixel(@Query() query: PixelQuery, @Req() request: Request, @Res() response: Response): Promise<void> {
    const fields = pixelToEvent(query);
    const event = plainToInstance(EventDto, fields);
    // The rules of /api/event, lone surrogates and NUL included; an invalid pixel records nothing.
    if (jsonBodyProblem(fields) === null && (await validate(event)).length === 0) {
      await this.collect.ingest(event, { ip: request.ip, userAgent: request.headers['user-agent'] });
    } else this.metrics.eventRefused('invalid');
    sendGif(response);
  }
}
