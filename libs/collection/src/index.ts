export { CollectionModule } from './collection.module.js';
export type { CollectionOptions } from './collection.options.js';
export { CollectService, type ClientContext } from './collect.service.js';
export { EventIngress, MAX_EVENT_BYTES } from './event-ingress.js';
export { IngestObserver } from './ingest-observer.js';
export { EventDto } from './event.dto.js';
export { describeEventRoute } from './event-route.openapi.js';
export { WriteBuffer } from './write-buffer.js';
