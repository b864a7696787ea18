import { Module, type DynamicModule } from '@nestjs/common';
import { IngestObserver } from '@cairn/collection';
import { LiveController } from './live.controller.js';
import { LiveGateway } from './live.gateway.js';
import { LIVE_OPTIONS, MAX_LIVE_VISITORS, type LiveOptions } from './live.options.js';
import { LiveService } from './live.service.js';
import { MemoryPresence } from './presence/memory-presence.js';
import { Presence } from './presence/presence.js';
import { RedisPresence } from './presence/redis-presence.js';
import { RedisLink } from './redis-link.js';

/** Live visitors: presence (in memory, or in Redis with REDIS_URL), GET /api/live and the `/live` socket.io namespace. */
@Module({})
export class LiveModule {
  static forRoot(options: LiveOptions): DynamicModule {
    const max = options.maxVisitors ?? MAX_LIVE_VISITORS;
    return {
      module: LiveModule,
      // Global so that collection's WriteBuffer finds the IngestObserver without importing this module.
      global: true,
      controllers: [LiveController],
      providers: [
        { provide: LIVE_OPTIONS, useValue: options },
        { provide: RedisLink, useFactory: () => (options.redisUrl ? new RedisLink(options.redisUrl, options.redisKeyPrefix) : null) },
        {
          provide: Presence,
          useFactory: (link: RedisLink | null) => (link ? new RedisPresence(link, options.windowMs, max) : new MemoryPresence(options.windowMs, max)),
          inject: [RedisLink],
        },
        LiveService,
        { provide: IngestObserver, useExisting: LiveService },
        LiveGateway,
      ],
      exports: [IngestObserver, LiveService],
    };
  }
}
