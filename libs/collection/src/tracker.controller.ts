import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Controller, Get, Headers, Inject, Res, type OnModuleInit } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@cairn/accounts';
import { COLLECTION_OPTIONS, type CollectionOptions } from './collection.options.js';

/** Serves the built snippet: small, cached by browsers for a day, revalidated by ETag. */
@ApiTags('collection')
@Controller('tracker.js')
@Public()
export class TrackerController implements OnModuleInit {
  private body: Buffer = Buffer.alloc(0);
  private gzipped = Buffer.alloc(0);
  private etag = '';

  constructor(@Inject(COLLECTION_OPTIONS) private readonly options: CollectionOptions) {}

  onModuleInit(): void {
    try {
      this.body = readFileSync(this.options.trackerFile);
    } catch {
      throw new Error(`The tracker is not built (${this.options.trackerFile} is missing): run "npm run build"`);
    }
    if (this.options.collectPath) this.body = withEndpoint(this.body, this.options.collectPath);
    this.gzipped = gzipSync(this.body, { level: 9 });
    this.etag = `"${createHash('sha256').update(this.body).digest('base64url').slice(0, 22)}"`;
  }

  @Get()
  @ApiOperation({ summary: 'The tracking snippet' })
  @ApiOkResponse({ description: 'application/javascript, with ETag and Cache-Control' })
  serve(@Headers('if-none-match') ifNoneMatch: string | undefined, @Headers('accept-encoding') acceptEncoding: string | undefined, @Res() response: Response): void {
    response.set({
      'Content-Type': 'application/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=86400, stale-while-revalidate=604800',
      ETag: this.etag,
      Vary: 'Accept-Encoding',
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
    if (ifNoneMatch?.split(/\s*,\s*/).includes(this.etag)) {
      response.status(304).end();
      return;
    }
    if (/\bgzip\b/.test(acceptEncoding ?? '')) {
      response.status(200).set('Content-Encoding', 'gzip').end(this.gzipped);
      return;
    }
    response.status(200).end(this.body);
  }
}

/**
 * The snippet with COLLECT_PATH as its default endpoint (the script's own origin + that path), so a
 * snippet served from the tracked site's domain sends there. The built snippet names `/api/event`
 * exactly once; anything else is a build this code does not know.
 */
export function withEndpoint(body: Buffer, collectPath: string): Buffer {
  const text = body.toString('utf8');
  const parts = text.split('"/api/event"');
  if (parts.length !== 2) throw new Error('The built tracker does not name "/api/event" exactly once: cannot apply COLLECT_PATH');
  return Buffer.from(parts.join(JSON.stringify(collectPath)), 'utf8');
}
