import { Module } from '@nestjs/common';
import { StatsController } from './stats.controller.js';
import { StatsRepository } from './stats.repository.js';
import { StatsService } from './stats.service.js';

/** The read side: summary, timeseries, breakdowns and funnels over a site's visits and events. */
@Module({
  controllers: [StatsController],
  providers: [StatsRepository, StatsService],
  exports: [StatsService, StatsRepository],
})
export class AggregationModule {}
