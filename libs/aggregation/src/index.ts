export { AggregationModule } from './aggregation.module.js';
export { StatsService } from './stats.service.js';
export { StatsRepository, type StatsScope } from './stats.repository.js';
export { ApiStatsSlice } from './stats.controller.js';
export { Sql, matchAny, propKey, visitExpression, type Engine } from './sql.js';
export { parseDimension, ParamsError, badRequest, refuseUnknown, type Filters, type RawParams } from './stats-params.js';
export { buckets, periodRange, parseBoundary, previousRange, type TimeRange, type Bucket } from './time-range.js';
