import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DATABASE_TARGET, type DatabaseTarget } from '@cairn/storage';
import { DuckDbMirror } from './duckdb/duckdb-mirror.js';
import { DuckDbReadStore } from './duckdb/duckdb-read-store.js';
import { MirroredReadStore } from './duckdb/mirrored-read-store.js';
import { SqliteMirrorSource } from './duckdb/mirror-source.js';
import { ReadMirrorService } from './duckdb/read-mirror.service.js';
import { ReadStore } from './read-store.js';
import { SqlReadStore } from './sql/sql-read-store.js';

export interface ReadStoreOptions {
  /** READ_STORE: `duckdb` (a DuckDB mirror of events and visits answers, SQLite only) or `sql` (the primary database's tables). */
  engine: 'duckdb' | 'sql';
  /** READ_STORE_FILE: the mirror's DuckDB file (with `duckdb`). */
  mirrorFile: string | null;
}

/**
 * Provides `ReadStore` — the engine that answers stats questions — and `SqlReadStore`, the primary
 * database's own raw tables, which stay the truth the others are checked against.
 */
@Global()
@Module({})
export class ReadStoreModule {
  static forRoot(options: ReadStoreOptions = { engine: 'sql', mirrorFile: null }): DynamicModule {
    const providers: Provider[] = [SqlReadStore];
    if (options.engine === 'duckdb' && options.mirrorFile) {
      const file = options.mirrorFile;
      providers.push(
        {
          provide: DuckDbMirror,
          // After the data source: the file exists and is migrated before the mirror reads it.
          inject: [DATABASE_TARGET, getDataSourceToken()],
          useFactory: (target: DatabaseTarget) => {
            if (target.engine !== 'sqlite') throw new Error('READ_STORE=duckdb follows a SQLite database');
            return new DuckDbMirror(file, new SqliteMirrorSource(target.file));
          },
        },
        { provide: ReadMirrorService, inject: [DuckDbMirror], useFactory: (mirror: DuckDbMirror) => new ReadMirrorService(mirror) },
        {
          provide: ReadStore,
          inject: [SqlReadStore, getDataSourceToken(), DuckDbMirror],
          useFactory: (primary: SqlReadStore, dataSource: DataSource, mirror: DuckDbMirror) => new MirroredReadStore(primary, new DuckDbReadStore(dataSource, mirror), mirror),
        },
      );
    } else {
      providers.push({ provide: ReadStore, useExisting: SqlReadStore });
    }
    return { module: ReadStoreModule, providers, exports: [ReadStore, SqlReadStore] };
  }
}
