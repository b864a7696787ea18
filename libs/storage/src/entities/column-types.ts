import type { ValueTransformer } from 'typeorm';

/**
 * Instants are stored as integer milliseconds since the epoch (BIGINT on PostgreSQL,
 * INTEGER on SQLite): one representation on both engines, cheap to compare and bucket.
 * PostgreSQL hands BIGINT back as a string, hence the transformer.
 */
export const epochMillis: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};
