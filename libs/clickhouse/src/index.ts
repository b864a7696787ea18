export { ClickHouse, ClickHouseUnavailable, classifyFailure, type ClickHouseOptions, type Row } from './clickhouse.js';
export { parseClickHouseUrl, redactUrl, DEFAULT_DATABASE, type ClickHouseEndpoint } from './clickhouse-url.js';
export { ClickHouseMirror, visitorNumber, type MirrorDelta, type PrimaryEvent, type PrimaryVisit } from './mirror-writer.js';
export { PropText, type PropColumns } from './prop-text.js';
export { ensureSchema, localTable, DIMENSION_NAMES, EVENT_TABLE, VISIT_TABLE, VISIT_DIMENSIONS_ON_EVENTS, SHARDING_KEY, TABLES } from './schema.js';
export { sqlIdentifier, sqlList, sqlLiteral, type SqlValue } from './sql-literal.js';
