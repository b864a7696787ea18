import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GoalEntity, SavedFunnelEntity, SegmentEntity } from '@cairn/storage';
import { GoalsController } from './goals/goals.controller.js';
import { GoalsService } from './goals/goals.service.js';
import { SavedFunnelsController, SegmentsController } from './goals/segments.controller.js';
import { SegmentsService } from './goals/segments.service.js';
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
      imports: [TypeOrmModule.forFeature([GoalEntity, SegmentEntity, SavedFunnelEntity])],
      controllers: [StatsController, GoalsController, SegmentsController, SavedFunnelsController],
      providers: [GoalsService, SegmentsService, { provide: ROLLUP_OPTIONS, useValue: options }, RollupRepository, RollupService, RollupStats, StatsService],
      exports: [StatsService, GoalsService, RollupService, RollupRepository],
    };
  }
}
