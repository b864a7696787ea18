import { Module, type DynamicModule } from '@nestjs/common';
import { COLLECTION_OPTIONS, type CollectionOptions } from './collection.options.js';
import { CollectService } from './collect.service.js';
import { DemoController } from './demo/demo.controller.js';
import { EventIngress } from './event-ingress.js';
import { PixelController } from './pixel.controller.js';
import { SiteDirectory } from './site-directory.js';
import { TrackerController } from './tracker.controller.js';
import { WriteBuffer } from './write-buffer.js';

@Module({})
export class CollectionModule {
  static forRoot(options: CollectionOptions): DynamicModule {
    return {
      module: CollectionModule,
      controllers: [PixelController, TrackerController, DemoController],
      providers: [{ provide: COLLECTION_OPTIONS, useValue: options }, SiteDirectory, WriteBuffer, CollectService, EventIngress],
      exports: [WriteBuffer, EventIngress],
    };
  }
}
