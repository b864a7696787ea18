export { ReadStoreModule } from './read-store.module.js';
export { ReadStore } from './read-store.js';
export type { Bucket, Filters, GoalDefinition, StatsQuery, TimeRange } from './query.js';
export { bounceRate, percent, summaryMetrics, visitDuration, type SummaryTotals, type VisitTotals } from './totals.js';
export { SqlReadStore } from './sql/sql-read-store.js';
export { Sql, formatHundredths, goalCondition, matchAny, propKey, visitExpression, type Engine } from './sql/sql.js';
export type { ReadStoreOptions } from './read-store.module.js';
export { DuckDbMirror } from './duckdb/duckdb-mirror.js';
export { SqliteMirrorSource } from './duckdb/mirror-source.js';
