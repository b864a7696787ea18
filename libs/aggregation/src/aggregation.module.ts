import { Module, type DynamicModule } from '@nestjs/common';
import { RollupRepository } from './rollups/rollup.repository.js';
import { RollupStats } from './rollups/rollup-stats.js';
import { ROLLUP_OPTIONS, RollupService, type RollupOptions } from './rollups/rollup.service.js';
import { StatsController } from './stats.controller.js';
import { StatsService } from './stats.service.js';

/** The read side: summary, timeseries, breakdowns and funnels, from daily rollups where they can answer and raw events otherwise. */
@Module({})
export class AggregationModule {
  static forRoot(options: RollupOptions): DynamicModule {
    return {
      module: AggregationModule,
      controllers: [StatsController],
      providers: [{ provide: ROLLUP_OPTIONS, useValue: options }, RollupRepository, RollupService, RollupStats, StatsService],
      exports: [StatsService, RollupService, RollupRepository],
    };
  }
}
