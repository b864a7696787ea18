import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DailySaltEntity } from '@cairn/storage';
import { SaltsRepository } from './salts.repository.js';
import { SESSIONS_OPTIONS, SessionTracker, type SessionsOptions } from './session-tracker.service.js';
import { VisitorHasher } from './visitor-hasher.service.js';

@Module({})
export class SessionsModule {
  static forRoot(options: SessionsOptions): DynamicModule {
    return {
      module: SessionsModule,
      global: true,
      imports: [TypeOrmModule.forFeature([DailySaltEntity])],
      providers: [{ provide: SESSIONS_OPTIONS, useValue: options }, SaltsRepository, VisitorHasher, SessionTracker],
      exports: [VisitorHasher, SessionTracker],
    };
  }
}
