export { CollectionModule } from './collection.module.js';
export type { CollectionOptions } from './collection.options.js';
export { CollectService, type ClientContext } from './collect.service.js';
export { eventBodyParsers, MAX_EVENT_BYTES } from './event-body.js';
export { WriteBuffer } from './write-buffer.js';
