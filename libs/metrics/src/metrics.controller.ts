import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, NotFoundException, Res, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public, bearerToken } from '@cairn/accounts';
import { Metrics } from './metrics.js';

export const METRICS_OPTIONS = Symbol('METRICS_OPTIONS');

export interface MetricsOptions {
  /** METRICS_TOKEN; null turns GET /metrics off (404). */
  token: string | null;
}

/**
 * GET /metrics for Prometheus (contract §13), behind its own token rather than a user's: a scraper
 * holds METRICS_TOKEN and nothing else. Left out of the OpenAPI document, which describes the JSON
 * API that users' tokens open (docs/operations.md documents this route).
 */
@ApiExcludeController()
@Controller('metrics')
@Public()
export class MetricsController {
  private readonly digest: Buffer | null;

  constructor(
    private readonly metrics: Metrics,
    @Inject(METRICS_OPTIONS) options: MetricsOptions,
  ) {
    this.digest = options.token === null ? null : sha256(options.token);
  }

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() response: Response): Promise<void> {
    if (this.digest === null) throw new NotFoundException('Metrics are off: set METRICS_TOKEN to serve GET /metrics');
    const token = bearerToken(authorization);
    // Compared as digests: equal length, constant time, whatever was sent.
    if (token === null || !timingSafeEqual(sha256(token), this.digest)) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new UnauthorizedException(token === null ? 'Send Authorization: Bearer <METRICS_TOKEN>' : 'Wrong metrics token');
    }
    const text = await this.metrics.text();
    response.status(200).set({ 'Content-Type': this.metrics.contentType, 'Cache-Control': 'no-store' }).send(text);
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
