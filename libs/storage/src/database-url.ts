import { isAbsolute, resolve } from 'node:path';

export type DatabaseTarget =
  | { engine: 'sqlite'; file: string }
  | { engine: 'postgres'; url: string };

/**
 * Reads `DATABASE_URL`: `sqlite:<path>` (relative to the working directory, or absolute,
 * `sqlite://` prefixes accepted) or `postgres://` / `postgresql://`.
 * Throws an Error whose message explains what is accepted.
 */
export function parseDatabaseUrl(raw: string, cwd = process.cwd()): DatabaseTarget {
  const value = raw.trim();
  if (/^postgres(ql)?:\/\//i.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new Error(`is not a valid PostgreSQL URL (expected postgres://user@host:5432/database)`);
    }
    if (!url.hostname || url.pathname.length <= 1) {
      throw new Error(`needs a host and a database name (expected postgres://user@host:5432/database)`);
    }
    return { engine: 'postgres', url: value };
  }
  const sqlite = /^sqlite:(?:\/\/)?(.*)$/i.exec(value);
  if (sqlite) {
    const path = sqlite[1];
    if (!path) throw new Error(`needs a file path after "sqlite:" (for example sqlite:./data/cairn.sqlite)`);
    // The batch writer opens the file on a connection of its own, so there must be a file.
    if (path === ':memory:') throw new Error(`needs a file: an in-memory database cannot be shared by the writer thread`);
    return { engine: 'sqlite', file: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  throw new Error(`must start with "sqlite:" or "postgres://" (for example sqlite:./data/cairn.sqlite)`);
}
