import { resolve } from 'node:path';
import { ConfigError, validateConfig } from './app-config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    validateConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.lines();
    throw error;
  }
  return [];
}

describe(validateConfig.name, () => {
  it('gives the contract defaults for an empty environment', () => {
    expect(validateConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: 'sqlite:./data/cairn.sqlite',
      redisUrl: null,
      redisKeyPrefix: 'cairn',
      readStore: 'duckdb',
      readStoreFile: resolve('./data/cairn.sqlite.duckdb'),
      geoipDb: null,
      trustProxy: false,
      hsts: 'auto',
      sessionTimeoutMinutes: 30,
      liveWindowMinutes: 5,
      retentionDays: null,
      adminEmail: 'admin@cairn.local',
      adminPassword: null,
      loginTtlHours: 168,
      defaultTimezone: 'UTC',
      rateLimitEventsPerMinute: 600,
      loginBackoffAfter: 5,
      rateLimitLoginPerMinute: 10,
      logLevel: 'info',
      logFormat: 'auto',
      metricsToken: null,
      testClockFile: null,
      rollupIntervalSeconds: 60,
      notifyIntervalSeconds: 15,
      demoData: true,
      trackerPath: null,
      collectPath: null,
      smtpUrl: null,
      mailFrom: null,
      publicUrl: null,
    });
  });

  it('reads every variable', () => {
    const config = validateConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://cairn@db:5432/cairn',
      REDIS_URL: 'redis://127.0.0.1:6379',
      TRUST_PROXY: 'true',
      SESSION_TIMEOUT_MINUTES: '45',
      LIVE_WINDOW_MINUTES: '2',
      RETENTION_DAYS: '400',
      ADMIN_EMAIL: 'Owner@Example.org',
      ADMIN_PASSWORD: 'long enough',
      DEFAULT_TIMEZONE: 'europe/berlin',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'JSON',
      METRICS_TOKEN: 'a-scraper-token-0123456789',
      DEMO_DATA: 'false',
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://cairn@db:5432/cairn',
      redisUrl: 'redis://127.0.0.1:6379',
      trustProxy: 1,
      sessionTimeoutMinutes: 45,
      liveWindowMinutes: 2,
      retentionDays: 400,
      adminEmail: 'owner@example.org',
      adminPassword: 'long enough',
      defaultTimezone: 'Europe/Berlin',
      logLevel: 'warn',
      logFormat: 'json',
      metricsToken: 'a-scraper-token-0123456789',
      demoData: false,
    });
  });

  it('answers from the DuckDB mirror on SQLite, from the database itself on PostgreSQL, as READ_STORE says', () => {
    expect(validateConfig({ DATABASE_URL: 'sqlite:/tmp/c.sqlite' })).toMatchObject({ readStore: 'duckdb', readStoreFile: '/tmp/c.sqlite.duckdb' });
    expect(validateConfig({ DATABASE_URL: 'sqlite:/tmp/c.sqlite', READ_STORE_FILE: '/var/tmp/m.duckdb' })).toMatchObject({ readStore: 'duckdb', readStoreFile: '/var/tmp/m.duckdb' });
    expect(validateConfig({ DATABASE_URL: 'sqlite:/tmp/c.sqlite', READ_STORE: 'SQL' })).toMatchObject({ readStore: 'sql', readStoreFile: null });
    expect(validateConfig({ DATABASE_URL: 'postgres://cairn@db:5432/cairn' })).toMatchObject({ readStore: 'sql', readStoreFile: null });
  });

  it('treats empty values as unset', () => {
    expect(validateConfig({ PORT: '', DATABASE_URL: '  ' }).port).toBe(3000);
  });

  it.each([
    [{ PORT: 'abc' }, 'Invalid configuration: PORT must be a whole number from 0 to 65535 (got "abc")'],
    [{ PORT: '70000' }, 'Invalid configuration: PORT must be a whole number from 0 to 65535 (got "70000")'],
    [{ DATABASE_URL: 'mysql://db/x' }, 'Invalid configuration: DATABASE_URL must start with "sqlite:" or "postgres://" (for example sqlite:./data/cairn.sqlite) (got "mysql://db/x")'],
    [{ DEFAULT_TIMEZONE: 'Mars/Base' }, 'Invalid configuration: DEFAULT_TIMEZONE must be an IANA time zone such as Europe/Paris (got "Mars/Base")'],
    [{ SESSION_TIMEOUT_MINUTES: '0' }, 'Invalid configuration: SESSION_TIMEOUT_MINUTES must be a whole number from 1 to 1440 (got "0")'],
    [{ REDIS_URL: 'localhost:6379' }, 'Invalid configuration: REDIS_URL must look like redis://host:6379 (got "localhost:6379")'],
    [{ REDIS_KEY_PREFIX: 'two words' }, 'Invalid configuration: REDIS_KEY_PREFIX must be 1 to 64 letters, digits, or . _ : - (got "two words")'],
    [{ GEOIP_DB: '/nowhere/x.mmdb' }, 'Invalid configuration: GEOIP_DB must be the path of a MaxMind-format .mmdb file (no file at "/nowhere/x.mmdb")'],
    [{ ADMIN_PASSWORD: 'short' }, 'Invalid configuration: ADMIN_PASSWORD must be at least 8 characters long'],
    [{ TRUST_PROXY: 'sometimes' }, expect.stringContaining('Invalid configuration: TRUST_PROXY must be true, false')],
    [{ DEMO_DATA: 'maybe' }, 'Invalid configuration: DEMO_DATA must be true or false (got "maybe")'],
    [{ LOGIN_BACKOFF_AFTER: '0' }, 'Invalid configuration: LOGIN_BACKOFF_AFTER must be a whole number from 1 to 1000000 (got "0")'],
    [{ TRACKER_PATH: 'js/app.js' }, 'Invalid configuration: TRACKER_PATH must be an absolute path of letters, digits and . _ ~ - segments, at most 100 characters, such as /js/app.js (got "js/app.js")'],
    [{ TRACKER_PATH: '/js/../tracker.js' }, expect.stringContaining('Invalid configuration: TRACKER_PATH must be an absolute path')],
    [{ TRACKER_PATH: '/js/app' }, 'Invalid configuration: TRACKER_PATH must end in .js, as browsers and proxies expect of a script (got "/js/app")'],
    [{ COLLECT_PATH: '/api/e' }, 'Invalid configuration: COLLECT_PATH must not be under /api, which Cairn already answers (got "/api/e")'],
    [{ COLLECT_PATH: '/Sites/x' }, 'Invalid configuration: COLLECT_PATH must not be under /sites, which Cairn already answers (got "/Sites/x")'],
    [{ COLLECT_PATH: '/e?x=1' }, expect.stringContaining('Invalid configuration: COLLECT_PATH must be an absolute path')],
    [{ TRACKER_PATH: '/p.js', COLLECT_PATH: '/p.js' }, 'Invalid configuration: COLLECT_PATH must differ from TRACKER_PATH (both "/p.js")'],
    [{ HSTS: 'sometimes' }, 'Invalid configuration: HSTS must be one of auto, always, off (got "sometimes")'],
    [{ LOG_FORMAT: 'xml' }, 'Invalid configuration: LOG_FORMAT must be one of auto, json, pretty (got "xml")'],
    [{ METRICS_TOKEN: 'short' }, 'Invalid configuration: METRICS_TOKEN must be 16 to 256 letters, digits or - . _ ~ + / (make one with: openssl rand -hex 32)'],
    [{ METRICS_TOKEN: 'sixteen chars but spaces' }, 'Invalid configuration: METRICS_TOKEN must be 16 to 256 letters, digits or - . _ ~ + / (make one with: openssl rand -hex 32)'],
    [{ READ_STORE: 'clickhouse' }, 'Invalid configuration: READ_STORE must be duckdb or sql (got "clickhouse")'],
    [
      { DATABASE_URL: 'postgres://cairn@db:5432/cairn', READ_STORE: 'duckdb' },
      'Invalid configuration: READ_STORE duckdb mirrors a SQLite database; with PostgreSQL use READ_STORE=sql (the default there)',
    ],
    [{ READ_STORE: 'sql', READ_STORE_FILE: '/tmp/x.duckdb' }, "Invalid configuration: READ_STORE_FILE is the DuckDB mirror's file: set it only with READ_STORE=duckdb"],
    [{ READ_STORE_FILE: '/nowhere/at/all/x.duckdb' }, 'Invalid configuration: READ_STORE_FILE must be in a directory that exists (no directory "/nowhere/at/all")'],
    [{ DATABASE_URL: 'sqlite:/tmp/c.sqlite', READ_STORE_FILE: '/tmp/c.sqlite' }, 'Invalid configuration: READ_STORE_FILE must not be the SQLite database itself (got "/tmp/c.sqlite")'],
  ])('refuses %j with one line naming the variable', (env, line) => {
    expect(problemsOf(env)).toEqual([line]);
  });

  it('reads the first-party paths', () => {
    expect(validateConfig({ TRACKER_PATH: '/js/site.js', COLLECT_PATH: '/stats/e' })).toMatchObject({ trackerPath: '/js/site.js', collectPath: '/stats/e' });
  });

  it('reads the mail settings, which go together', () => {
    expect(
      validateConfig({ SMTP_URL: 'smtps://cairn:pw@mail.example.org', MAIL_FROM: 'Cairn <cairn@example.org>', PUBLIC_URL: 'https://cairn.example.org/' }),
    ).toMatchObject({ smtpUrl: 'smtps://cairn:pw@mail.example.org', mailFrom: '"Cairn" <cairn@example.org>', publicUrl: 'https://cairn.example.org' });
    expect(validateConfig({ PUBLIC_URL: 'http://localhost:3000' })).toMatchObject({ smtpUrl: null, publicUrl: 'http://localhost:3000' });
    expect(problemsOf({ SMTP_URL: 'smtp://mail.example.org' })).toEqual([
      expect.stringMatching(/^Invalid configuration: MAIL_FROM is required with SMTP_URL/),
      expect.stringMatching(/^Invalid configuration: PUBLIC_URL is required with SMTP_URL/),
    ]);
  });

  it.each([
    [{ SMTP_URL: 'mail.example.org:587', MAIL_FROM: 'c@example.org', PUBLIC_URL: 'https://c.example.org' }, 'Invalid configuration: SMTP_URL must start with smtp:// or smtps:// (got "mail.example.org:587")'],
    [{ MAIL_FROM: 'Cairn' }, 'Invalid configuration: MAIL_FROM must be an email address, optionally with a name: "Cairn <cairn@example.org>" (got "Cairn")'],
    [{ PUBLIC_URL: 'cairn.example.org' }, 'Invalid configuration: PUBLIC_URL must be the address Cairn is opened at, such as https://cairn.example.org (got "cairn.example.org")'],
  ])('refuses the mail setting %j', (env, line) => {
    expect(problemsOf(env)).toEqual([line]);
  });

  it('never echoes the mail server password', () => {
    const [line] = problemsOf({ SMTP_URL: 'smtp://cairn:s3cret@mail.example.org/x', MAIL_FROM: 'c@example.org', PUBLIC_URL: 'https://c.example.org' });
    expect(line).toContain('SMTP_URL');
    expect(line).not.toContain('s3cret');
  });

  it('never echoes a database password', () => {
    const [line] = problemsOf({ DATABASE_URL: 'postgres://cairn:s3cret@db' });
    expect(line).toContain('DATABASE_URL');
    expect(line).not.toContain('s3cret');
  });

  it('reports every bad variable at once', () => {
    expect(problemsOf({ PORT: 'x', LOG_LEVEL: 'loud' })).toHaveLength(2);
  });
});
