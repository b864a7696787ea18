import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isEmail } from 'class-validator';
import { parseMailFrom, parsePublicUrl, parseSmtpUrl, redactSmtpUrl } from '@cairn/notify';
import { canonicalTimeZone } from '@cairn/sites';
import { parseDatabaseUrl } from '@cairn/storage';

export type HstsMode = 'auto' | 'always' | 'off';
const HSTS_MODES: HstsMode[] = ['auto', 'always', 'off'];

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
/** `auto`: readable lines when stdout is a terminal, JSON lines otherwise. */
export type LogFormat = 'auto' | 'json' | 'pretty';

/** Everything Cairn reads from its environment, validated once at start (contract §6). */
export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string;
  redisUrl: string | null;
  /** Start of every Redis key and channel (REDIS_KEY_PREFIX): installations sharing one Redis need different ones. */
  redisKeyPrefix: string;
  /** Path of a MaxMind-format database; null means the bundled country database. */
  geoipDb: string | null;
  /** Express `trust proxy`: false, a hop count, or addresses/subnets to trust. */
  trustProxy: boolean | number | string;
  /**
   * Strict-Transport-Security (HSTS): `auto` sends it only on a secure request (HTTPS, or a trusted
   * proxy's `X-Forwarded-Proto: https`), `always` on every answer, `off` never.
   */
  hsts: HstsMode;
  sessionTimeoutMinutes: number;
  liveWindowMinutes: number;
  /** Days raw events are kept; null keeps them forever. */
  retentionDays: number | null;
  /** How often finished days are rolled up. */
  rollupIntervalSeconds: number;
  /** How often due reports, spike alerts and webhook retries are looked at (NOTIFY_INTERVAL_SECONDS). */
  notifyIntervalSeconds: number;
  adminEmail: string;
  adminPassword: string | null;
  loginTtlHours: number;
  defaultTimezone: string;
  rateLimitEventsPerMinute: number;
  rateLimitLoginPerMinute: number;
  /** Wrong passwords in a row before an account backs off (1 s, 2 s, 4 s … at most 60 s between attempts). */
  loginBackoffAfter: number;
  logLevel: LogLevel;
  /** LOG_FORMAT: json, pretty, or auto (pretty on a terminal, JSON otherwise). */
  logFormat: LogFormat;
  /** METRICS_TOKEN: the Bearer token GET /metrics asks for; null turns the route off. */
  metricsToken: string | null;
  /** Seed the demo site with two weeks of made-up traffic on first start (DEMO_DATA). */
  demoData: boolean;
  /** Another path the snippet is served at (TRACKER_PATH), for first-party serving; /tracker.js keeps working. */
  trackerPath: string | null;
  /** Another path events are taken at (COLLECT_PATH), which the served snippet sends to; /api/event keeps working. */
  collectPath: string | null;
  /** Mail server (SMTP_URL); null turns mail off, and the features that mail answer 409. */
  smtpUrl: string | null;
  /** Sender of Cairn's mails (MAIL_FROM); required with SMTP_URL. */
  mailFrom: string | null;
  /** The address Cairn is opened at (PUBLIC_URL), without a trailing slash: links in mails and webhooks point there. */
  publicUrl: string | null;
  /** Who answers stats questions (READ_STORE): `duckdb`, a columnar mirror of events and visits (SQLite only), or `sql`, the primary database's tables. */
  readStore: 'duckdb' | 'sql';
  /** The DuckDB mirror's file (READ_STORE_FILE; by default the SQLite file's path with `.duckdb` added); null with `sql`. */
  readStoreFile: string | null;
  /** Tests only: the server's time is the epoch-ms number in this file (CAIRN_TEST_CLOCK_FILE). */
  testClockFile: string | null;
}

export type Environment = Record<string, string | undefined>;

/** One refused variable: `name` is what the operator has to fix. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map((p) => `${p.variable} ${p.message}`).join('; '));
    this.name = 'ConfigError';
  }

  /** One line per refused variable, ready for stderr. */
  lines(): string[] {
    return this.problems.map((p) => `Invalid configuration: ${p.variable} ${p.message}`);
  }
}

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const LOG_FORMATS: LogFormat[] = ['auto', 'json', 'pretty'];

/** Reads and checks the environment; throws a ConfigError naming every refused variable. */
export function validateConfig(env: Environment): AppConfig {
  const problems: ConfigProblem[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const refuse = <T>(variable: string, message: string, fallback: T): T => {
    problems.push({ variable, message });
    return fallback;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      return refuse(name, `must be a whole number from ${min} to ${max} (got "${raw}")`, fallback);
    }
    return Number(raw);
  };
  const boolean = (name: string, fallback: boolean): boolean => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = raw.toLowerCase();
    if (['true', 'yes', 'on', '1'].includes(value)) return true;
    if (['false', 'no', 'off', '0'].includes(value)) return false;
    return refuse(name, `must be true or false (got "${raw}")`, fallback);
  };

  const databaseUrl = read('DATABASE_URL') ?? 'sqlite:./data/cairn.sqlite';
  try {
    parseDatabaseUrl(databaseUrl);
  } catch (error) {
    refuse('DATABASE_URL', `${(error as Error).message} (got "${redactPassword(databaseUrl)}")`, null);
  }

  const { readStore, readStoreFile } = readReadStore(read, refuse, databaseUrl);

  const redisUrl = read('REDIS_URL') ?? null;
  if (redisUrl !== null && !/^rediss?:\/\/[^/\s]+/.test(redisUrl)) {
    refuse('REDIS_URL', `must look like redis://host:6379 (got "${redactPassword(redisUrl)}")`, null);
  }
  const redisKeyPrefix = read('REDIS_KEY_PREFIX') ?? 'cairn';
  if (!/^[\w.:-]{1,64}$/.test(redisKeyPrefix)) {
    refuse('REDIS_KEY_PREFIX', `must be 1 to 64 letters, digits, or . _ : - (got "${redisKeyPrefix}")`, null);
  }

  const geoipDb = read('GEOIP_DB') ?? null;
  if (geoipDb !== null && !(existsSync(geoipDb) && statSync(geoipDb).isFile())) {
    refuse('GEOIP_DB', `must be the path of a MaxMind-format .mmdb file (no file at "${geoipDb}")`, null);
  }

  const adminEmail = (read('ADMIN_EMAIL') ?? 'admin@cairn.local').toLowerCase();
  if (!isEmail(adminEmail, { require_tld: false })) {
    refuse('ADMIN_EMAIL', `must be an email address (got "${adminEmail}")`, null);
  }
  const adminPassword = read('ADMIN_PASSWORD') ?? null;
  if (adminPassword !== null && adminPassword.length < 8) {
    refuse('ADMIN_PASSWORD', 'must be at least 8 characters long', null);
  }

  const zone = read('DEFAULT_TIMEZONE') ?? 'UTC';
  const defaultTimezone = canonicalTimeZone(zone) ?? refuse('DEFAULT_TIMEZONE', `must be an IANA time zone such as Europe/Paris (got "${zone}")`, 'UTC');

  const level = (read('LOG_LEVEL') ?? 'info').toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(level)) refuse('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')} (got "${level}")`, null);

  const format = (read('LOG_FORMAT') ?? 'auto').toLowerCase() as LogFormat;
  if (!LOG_FORMATS.includes(format)) refuse('LOG_FORMAT', `must be one of ${LOG_FORMATS.join(', ')} (got "${format}")`, null);

  const metricsToken = read('METRICS_TOKEN') ?? null;
  if (metricsToken !== null && !/^[\w.~+/-]{16,256}=*$/.test(metricsToken)) {
    // Not echoed: it is a secret, even when refused.
    refuse('METRICS_TOKEN', 'must be 16 to 256 letters, digits or - . _ ~ + / (make one with: openssl rand -hex 32)', null);
  }

  const mail = readMailSettings(read, refuse);

  const trackerPath = firstPartyPath(read('TRACKER_PATH'), 'TRACKER_PATH', refuse);
  const collectPath = firstPartyPath(read('COLLECT_PATH'), 'COLLECT_PATH', refuse);
  if (trackerPath !== null && trackerPath === collectPath) refuse('COLLECT_PATH', `must differ from TRACKER_PATH (both "${trackerPath}")`, null);
  if (trackerPath !== null && !trackerPath.endsWith('.js')) refuse('TRACKER_PATH', `must end in .js, as browsers and proxies expect of a script (got "${trackerPath}")`, null);

  const hsts = (read('HSTS') ?? 'auto').toLowerCase() as HstsMode;
  if (!HSTS_MODES.includes(hsts)) refuse('HSTS', `must be one of ${HSTS_MODES.join(', ')} (got "${hsts}")`, null);

  const retention = read('RETENTION_DAYS');
  const config: AppConfig = {
    port: integer('PORT', 3000, 0, 65535),
    host: read('HOST') ?? '0.0.0.0',
    databaseUrl,
    redisUrl,
    redisKeyPrefix,
    readStore,
    readStoreFile,
    testClockFile: read('CAIRN_TEST_CLOCK_FILE') ?? null,
    geoipDb,
    trustProxy: parseTrustProxy(read('TRUST_PROXY'), (message) => refuse('TRUST_PROXY', message, false)),
    hsts,
    sessionTimeoutMinutes: integer('SESSION_TIMEOUT_MINUTES', 30, 1, 1440),
    liveWindowMinutes: integer('LIVE_WINDOW_MINUTES', 5, 1, 60),
    retentionDays: retention === undefined ? null : integer('RETENTION_DAYS', 0, 1, 36500),
    rollupIntervalSeconds: integer('ROLLUP_INTERVAL_SECONDS', 60, 1, 86_400),
    notifyIntervalSeconds: integer('NOTIFY_INTERVAL_SECONDS', 15, 1, 3600),
    adminEmail,
    adminPassword,
    loginTtlHours: integer('LOGIN_TTL_HOURS', 168, 1, 8760),
    defaultTimezone,
    rateLimitEventsPerMinute: integer('RATE_LIMIT_EVENTS_PER_MINUTE', 600, 1, 1_000_000),
    rateLimitLoginPerMinute: integer('RATE_LIMIT_LOGIN_PER_MINUTE', 10, 1, 10_000),
    loginBackoffAfter: integer('LOGIN_BACKOFF_AFTER', 5, 1, 1_000_000),
    logLevel: level,
    logFormat: format,
    metricsToken,
    demoData: boolean('DEMO_DATA', true),
    trackerPath,
    collectPath,
    ...mail,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** READ_STORE and READ_STORE_FILE: DuckDB by default on SQLite, the primary database's tables on PostgreSQL. */
function readReadStore(
  read: (name: string) => string | undefined,
  refuse: (variable: string, message: string, fallback: null) => null,
  databaseUrl: string,
): Pick<AppConfig, 'readStore' | 'readStoreFile'> {
  let target: ReturnType<typeof parseDatabaseUrl> | null = null;
  try {
    target = parseDatabaseUrl(databaseUrl);
  } catch {
    // refused above
  }
  const sqliteFile = target?.engine === 'sqlite' ? target.file : null;
  const raw = read('READ_STORE')?.toLowerCase();
  if (raw !== undefined && raw !== 'duckdb' && raw !== 'sql') {
    refuse('READ_STORE', `must be duckdb or sql (got "${raw}")`, null);
    return { readStore: 'sql', readStoreFile: null };
  }
  const readStore = raw ?? (target?.engine === 'postgres' ? 'sql' : 'duckdb');
  if (readStore === 'duckdb' && target?.engine === 'postgres') {
    refuse('READ_STORE', 'duckdb mirrors a SQLite database; with PostgreSQL use READ_STORE=sql (the default there)', null);
    return { readStore: 'sql', readStoreFile: null };
  }
  const file = read('READ_STORE_FILE');
  if (file !== undefined && readStore === 'sql') refuse('READ_STORE_FILE', 'is the DuckDB mirror\'s file: set it only with READ_STORE=duckdb', null);
  if (readStore !== 'duckdb' || sqliteFile === null) return { readStore, readStoreFile: null };
  const readStoreFile = file === undefined ? `${sqliteFile}.duckdb` : resolve(file);
  if (readStoreFile === sqliteFile) refuse('READ_STORE_FILE', `must not be the SQLite database itself (got "${file}")`, null);
  else if (file !== undefined && !existsSync(dirname(readStoreFile))) refuse('READ_STORE_FILE', `must be in a directory that exists (no directory "${dirname(readStoreFile)}")`, null);
  return { readStore, readStoreFile };
}

/** SMTP_URL, MAIL_FROM and PUBLIC_URL: each checked; with SMTP_URL the other two are required (a mail needs a sender and its links an address). */
function readMailSettings(
  read: (name: string) => string | undefined,
  refuse: (variable: string, message: string, fallback: null) => null,
): Pick<AppConfig, 'smtpUrl' | 'mailFrom' | 'publicUrl'> {
  const checked = (name: string, parse: (raw: string) => string, shown: (raw: string) => string = (raw) => raw): string | null => {
    const raw = read(name);
    if (raw === undefined) return null;
    try {
      return parse(raw);
    } catch (error) {
      return refuse(name, `${(error as Error).message} (got "${shown(raw)}")`, null);
    }
  };
  const smtpUrl = checked('SMTP_URL', (raw) => (parseSmtpUrl(raw), raw), redactSmtpUrl);
  const mailFrom = checked('MAIL_FROM', parseMailFrom);
  const publicUrl = checked('PUBLIC_URL', parsePublicUrl);
  if (read('SMTP_URL') !== undefined) {
    if (read('MAIL_FROM') === undefined) refuse('MAIL_FROM', 'is required with SMTP_URL: the sender of Cairn\'s mails, such as "Cairn <cairn@example.org>"', null);
    if (read('PUBLIC_URL') === undefined) refuse('PUBLIC_URL', 'is required with SMTP_URL: the address Cairn is opened at, which links in mails point to (such as https://cairn.example.org)', null);
  }
  return { smtpUrl, mailFrom, publicUrl };
}

/** Paths Cairn itself answers under, which a first-party path must not shadow. */
const RESERVED_PATHS = ['/api', '/socket.io', '/health', '/metrics', '/sites', '/login', '/demo', '/share', '/invite', '/pixel.gif', '/tracker.js', '/assets', '/account', '/settings'];

/** TRACKER_PATH / COLLECT_PATH: an absolute path of plain segments that no route of Cairn's already answers. */
function firstPartyPath(raw: string | undefined, variable: string, refuse: (variable: string, message: string, fallback: null) => null): string | null {
  if (raw === undefined) return null;
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(raw) || raw.length > 100 || raw.split('/').some((segment) => segment === '.' || segment === '..')) {
    return refuse(variable, `must be an absolute path of letters, digits and . _ ~ - segments, at most 100 characters, such as /js/app.js (got "${raw}")`, null);
  }
  const lower = raw.toLowerCase();
  const taken = RESERVED_PATHS.find((path) => lower === path || lower.startsWith(`${path}/`));
  if (taken) return refuse(variable, `must not be under ${taken}, which Cairn already answers (got "${raw}")`, null);
  return raw;
}

/** `true`/`yes` trust the nearest proxy (one hop); a number is a hop count; otherwise addresses or subnets. */
function parseTrustProxy(raw: string | undefined, refuse: (message: string) => false): boolean | number | string {
  if (raw === undefined) return false;
  const value = raw.toLowerCase();
  if (['false', 'no', 'off', '0'].includes(value)) return false;
  if (['true', 'yes', 'on'].includes(value)) return 1;
  if (/^\d+$/.test(value)) return Number(value);
  const ok = value
    .split(',')
    .map((part) => part.trim())
    .every((part) => ['loopback', 'linklocal', 'uniquelocal'].includes(part) || /^[0-9a-f.:]+(\/\d{1,3})?$/.test(part));
  return ok ? value : refuse(`must be true, false, a hop count, or addresses/subnets such as 10.0.0.0/8 (got "${raw}")`);
}

/** Database URLs may carry a password; never echo it. */
function redactPassword(url: string): string {
  return url.replace(/\/\/([^:/@\s]+):[^@/\s]*@/, '//$1:***@');
}
