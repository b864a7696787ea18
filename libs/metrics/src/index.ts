export { Metrics, type DropReason, type RefusalReason, type Reading } from './metrics.js';
export { MetricsModule } from './metrics.module.js';
export type { MetricsOptions } from './metrics.controller.js';
