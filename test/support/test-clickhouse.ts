import { randomBytes } from 'node:crypto';
import { ClickHouse, type ClickHouseOptions } from '@cairn/clickhouse';

/**
 * The ClickHouse servers the suites use (infra/clickhouse/clickhouse.sh starts them): one instance,
 * and the two shards of cluster `cairn`. Each test file works in a database of its own.
 */
export const TEST_CLICKHOUSE_URL = process.env.CAIRN_TEST_CLICKHOUSE_URL ?? 'http://cairn:cairn@127.0.0.1:18123';
export const TEST_CLICKHOUSE_SHARD_URLS = (process.env.CAIRN_TEST_CLICKHOUSE_SHARD_URLS ?? 'http://cairn:cairn@127.0.0.1:18124,http://cairn:cairn@127.0.0.1:18125').split(',');
export const TEST_CLICKHOUSE_CLUSTER = process.env.CAIRN_TEST_CLICKHOUSE_CLUSTER ?? 'cairn';

export interface TestClickHouse {
  options: ClickHouseOptions;
  /** The environment that points Cairn at it. */
  env: Record<string, string>;
  database: string;
  drop(): Promise<void>;
}

/** A fresh database name on the single instance, or on both shards of the test cluster. */
export function testClickHouse(kind: 'single' | 'cluster' = 'single'): TestClickHouse {
  const database = `cairn_e2e_${randomBytes(6).toString('hex')}`;
  const withDatabase = (url: string) => `${url.replace(/\/+$/, '')}/${database}`;
  const options: ClickHouseOptions =
    kind === 'single'
      ? { url: withDatabase(TEST_CLICKHOUSE_URL), cluster: null, shardUrls: [] }
      : { url: withDatabase(TEST_CLICKHOUSE_SHARD_URLS[0]), cluster: TEST_CLICKHOUSE_CLUSTER, shardUrls: TEST_CLICKHOUSE_SHARD_URLS.map(withDatabase) };
  const env: Record<string, string> = { CLICKHOUSE_URL: options.url };
  if (options.cluster) {
    env.CLICKHOUSE_CLUSTER = options.cluster;
    env.CLICKHOUSE_SHARD_URLS = options.shardUrls.join(',');
  }
  return {
    options,
    env,
    database,
    drop: async () => {
      for (const url of options.cluster ? options.shardUrls : [options.url]) {
        const admin = new ClickHouse({ url, cluster: null, shardUrls: [] });
        try {
          await admin.command(`DROP DATABASE IF EXISTS \`${database}\``);
        } finally {
          await admin.close();
        }
      }
    },
  };
}
