import { parseDatabaseUrl } from './database-url.js';

describe(parseDatabaseUrl.name, () => {
  it('resolves a relative SQLite path against the working directory', () => {
    expect(parseDatabaseUrl('sqlite:./data/cairn.sqlite', '/srv/cairn')).toEqual({
      engine: 'sqlite',
      file: '/srv/cairn/data/cairn.sqlite',
    });
  });

  it('keeps an absolute SQLite path, with or without //', () => {
    expect(parseDatabaseUrl('sqlite:/var/lib/cairn.db')).toEqual({ engine: 'sqlite', file: '/var/lib/cairn.db' });
    expect(parseDatabaseUrl('sqlite:///var/lib/cairn.db')).toEqual({ engine: 'sqlite', file: '/var/lib/cairn.db' });
  });

  it('accepts postgres:// and postgresql:// URLs as they are', () => {
    expect(parseDatabaseUrl('postgres://cairn@db:5432/cairn')).toEqual({
      engine: 'postgres',
      url: 'postgres://cairn@db:5432/cairn',
    });
    expect(parseDatabaseUrl('postgresql://db/cairn').engine).toBe('postgres');
  });

  it.each([
    ['mysql://db/cairn', /must start with "sqlite:" or "postgres:\/\/"/],
    ['sqlite:', /needs a file path/],
    ['postgres://db', /needs a host and a database name/],
    ['sqlite::memory:', /needs a file/],
    ['', /must start with/],
  ])('refuses %j with a message saying what is accepted', (raw, message) => {
    expect(() => parseDatabaseUrl(raw)).toThrow(message);
  });
});
