import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ReadStore } from './read-store.js';
import { SqlReadStore } from './sql/sql-read-store.js';

/**
 * Provides `ReadStore` — the engine that answers stats questions — and `SqlReadStore`, the primary
 * database's own raw tables, which stay the truth the others are checked against.
 */
@Global()
@Module({})
export class ReadStoreModule {
  static forRoot(): DynamicModule {
    return {
      module: ReadStoreModule,
      providers: [SqlReadStore, { provide: ReadStore, useExisting: SqlReadStore }],
      exports: [ReadStore, SqlReadStore],
    };
  }
}
