import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SiteEntity } from '@cairn/storage';
import { SitesController } from './sites.controller.js';
import { SitesRepository } from './sites.repository.js';
import { SITES_OPTIONS, SitesService, type SitesOptions } from './sites.service.js';

@Module({})
export class SitesModule {
  static forRoot(options: SitesOptions): DynamicModule {
    return {
      module: SitesModule,
      global: true,
      imports: [TypeOrmModule.forFeature([SiteEntity])],
      controllers: [SitesController],
      providers: [{ provide: SITES_OPTIONS, useValue: options }, SitesRepository, SitesService],
      exports: [SitesService],
    };
  }
}
