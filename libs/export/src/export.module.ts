import { Module, type DynamicModule } from '@nestjs/common';
import { ExportController } from './export.controller.js';
import { ExportRepository } from './export.repository.js';
import { ExportService } from './export.service.js';

/** GET /api/export: raw events, visits and breakdowns, streamed as CSV or NDJSON. */
@Module({})
export class ExportModule {
  /**
   * `aggregation` is the app's own `AggregationModule.forRoot(…)` object: Nest keys dynamic modules by
   * reference, so the same object means the same StatsService (and no second rollup timer).
   */
  static register(aggregation: DynamicModule): DynamicModule {
    return {
      module: ExportModule,
      imports: [aggregation],
      controllers: [ExportController],
      providers: [ExportRepository, ExportService],
    };
  }
}
