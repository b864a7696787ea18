export { LiveModule } from './live.module.js';
export type { LiveOptions } from './live.options.js';
export { LiveService } from './live.service.js';
export { LiveGateway, type LiveClientEvents, type LiveServerEvents } from './live.gateway.js';
export { Presence, type PresenceEntry } from './presence/presence.js';
export { MemoryPresence } from './presence/memory-presence.js';
export { RedisPresence } from './presence/redis-presence.js';
