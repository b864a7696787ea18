/** Where one ClickHouse server is, parsed from `http(s)://user:password@host:8123/database`. */
export interface ClickHouseEndpoint {
  /** `http(s)://host:port`, without credentials or path. */
  origin: string;
  username: string;
  password: string;
  database: string;
}

/** The database a URL without a path names. */
export const DEFAULT_DATABASE = 'cairn';

/**
 * Reads CLICKHOUSE_URL (and each of CLICKHOUSE_SHARD_URLS). Throws an Error whose message says what
 * is accepted; the message never repeats the password.
 */
export function parseClickHouseUrl(raw: string): ClickHouseEndpoint {
  const value = raw.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('is not a URL (expected http://user:password@host:8123/database)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('must start with http:// or https:// (ClickHouse\'s HTTP interface, port 8123 by default)');
  if (!url.hostname) throw new Error('needs a host (expected http://user:password@host:8123/database)');
  if (url.search || url.hash) throw new Error('takes no query string or fragment (settings are Cairn\'s to choose)');
  const path = decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, ''));
  const database = path || DEFAULT_DATABASE;
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(database)) {
    throw new Error(`names the database "${database}": a database name is letters, digits and _ (not starting with a digit)`);
  }
  return {
    origin: `${url.protocol}//${url.host}`,
    username: decodeURIComponent(url.username) || 'default',
    password: decodeURIComponent(url.password),
    database,
  };
}

/** A URL as it may be logged or echoed: the password replaced by ***. */
export function redactUrl(raw: string): string {
  return raw.replace(/\/\/([^:/@\s]+):[^@/\s]*@/, '//$1:***@');
}
