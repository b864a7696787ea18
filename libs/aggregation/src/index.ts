export { AggregationModule } from './aggregation.module.js';
export { StatsService } from './stats.service.js';
export { ApiStatsSlice } from './stats.controller.js';
export { parseDimension, ParamsError, refuseUnknown, type Filters, type RawParams } from './stats-params.js';
export { buckets, periodRange, parseBoundary, previousRange, type TimeRange, type Bucket } from './time-range.js';
export { RollupService, RebuildRefused, ROLLUP_OPTIONS, type RollupOptions } from './rollups/rollup.service.js';
export { RollupRepository } from './rollups/rollup.repository.js';
export { buildDay, type RollupRow } from './rollups/day-builder.js';
