import { Module, type DynamicModule } from '@nestjs/common';
import { GEO_OPTIONS, GeoService, type GeoOptions } from './geo.service.js';

@Module({})
export class GeoModule {
  static forRoot(options: GeoOptions): DynamicModule {
    return {
      module: GeoModule,
      global: true,
      providers: [{ provide: GEO_OPTIONS, useValue: options }, GeoService],
      exports: [GeoService],
    };
  }
}
