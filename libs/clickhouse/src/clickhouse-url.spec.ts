import { parseClickHouseUrl, redactUrl } from './clickhouse-url.js';

describe(parseClickHouseUrl.name, () => {
  it('reads user, password, host, port and database', () => {
    expect(parseClickHouseUrl('http://cairn:s%40cret@127.0.0.1:18123/analytics')).toEqual({
      origin: 'http://127.0.0.1:18123',
      username: 'cairn',
      password: 's@cret',
      database: 'analytics',
    });
    expect(parseClickHouseUrl(' https://ch.example.org:8443/cairn_events/ ').origin).toBe('https://ch.example.org:8443');
  });

  it('defaults the user to default and the database to cairn', () => {
    expect(parseClickHouseUrl('http://localhost:8123')).toEqual({ origin: 'http://localhost:8123', username: 'default', password: '', database: 'cairn' });
  });

  it('refuses what is not a ClickHouse HTTP URL, saying why', () => {
    expect(() => parseClickHouseUrl('localhost:8123')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => parseClickHouseUrl('not a url')).toThrow(/is not a URL/);
    expect(() => parseClickHouseUrl('tcp://localhost:9000/cairn')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => parseClickHouseUrl('http://localhost:8123/cairn?max_threads=1')).toThrow(/no query string/);
    expect(() => parseClickHouseUrl('http://localhost:8123/my-db')).toThrow(/letters, digits and _/);
    expect(() => parseClickHouseUrl('http://localhost:8123/a/b')).toThrow(/letters, digits and _/);
  });

  it('never repeats the password in its messages', () => {
    try {
      parseClickHouseUrl('http://u:hunter2@localhost:8123/bad-name');
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });
});

describe(redactUrl.name, () => {
  it('hides the password and keeps the rest', () => {
    expect(redactUrl('http://cairn:hunter2@ch:8123/cairn')).toBe('http://cairn:***@ch:8123/cairn');
    expect(redactUrl('http://ch:8123/cairn')).toBe('http://ch:8123/cairn');
  });
});
