import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions, openDatabase } from './data-source-options.js';
import { parseDatabaseUrl, type DatabaseTarget } from './database-url.js';

export interface StorageOptions {
  /** `sqlite:<path>` or `postgres://…`, already validated by the composition root. */
  databaseUrl: string;
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
      providers: [{ provide: DATABASE_TARGET, useValue: target }],
      exports: [DATABASE_TARGET],
    };
  }
}
