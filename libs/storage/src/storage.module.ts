import { Module, type DynamicModule } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { Database } from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { dataSourceOptions, openDatabase } from './data-source-options.js';
import { IngestStore } from './ingest/ingest-rows.js';
import { PostgresIngestStore } from './ingest/postgres-ingest-store.js';
import { SqliteIngestStore } from './ingest/sqlite-ingest-store.js';
import { parseDatabaseUrl, type DatabaseTarget } from './database-url.js';

export interface StorageOptions {
  /** `sqlite:<path>` or `postgres://…`, already validated by the composition root. */
  databaseUrl: string;
  /** A gap longer than this ends a visit: on PostgreSQL, the batch writer continues a visit another process has just started. */
  sessionTimeoutMs?: number;
}

export const DATABASE_TARGET = Symbol('DATABASE_TARGET');

@Module({})
export class StorageModule {
  static forRoot(options: StorageOptions): DynamicModule {
    const target: DatabaseTarget = parseDatabaseUrl(options.databaseUrl);
    return {
      module: StorageModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(target), retryAttempts: 3, retryDelay: 1000 }),
          dataSourceFactory: async () => openDatabase(target),
        }),
      ],
      providers: [
        { provide: DATABASE_TARGET, useValue: target },
        {
          provide: IngestStore,
          inject: [getDataSourceToken()],
          useFactory: (dataSource: DataSource) =>
            target.engine === 'sqlite'
              ? new SqliteIngestStore((dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection, target.file)
              : new PostgresIngestStore(dataSource, options.sessionTimeoutMs),
        },
      ],
      exports: [DATABASE_TARGET, IngestStore],
    };
  }
}
