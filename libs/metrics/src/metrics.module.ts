import { Global, Module, type DynamicModule } from '@nestjs/common';
import { METRICS_OPTIONS, MetricsController, type MetricsOptions } from './metrics.controller.js';
import { Metrics } from './metrics.js';

/** One Metrics registry for the whole application (global: features record into it without importing this module), and GET /metrics. */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsOptions): DynamicModule {
    return {
      module: MetricsModule,
      controllers: [MetricsController],
      providers: [Metrics, { provide: METRICS_OPTIONS, useValue: options }],
      exports: [Metrics],
    };
  }
}
