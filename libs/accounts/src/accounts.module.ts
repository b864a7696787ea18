import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthTokenEntity, UserEntity } from '@cairn/storage';
import { AccountsRepository } from './accounts.repository.js';
import { ACCOUNTS_OPTIONS, type AccountsOptions } from './accounts.options.js';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeysService } from './api-keys.service.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';

@Module({})
export class AccountsModule {
  static forRoot(options: AccountsOptions): DynamicModule {
    return {
      module: AccountsModule,
      // Other modules check tokens too (the live gateway, at socket connection).
      global: true,
      imports: [TypeOrmModule.forFeature([UserEntity, AuthTokenEntity])],
      controllers: [AuthController, ApiKeysController],
      providers: [
        { provide: ACCOUNTS_OPTIONS, useValue: options },
        AccountsRepository,
        AuthService,
        ApiKeysService,
        // Secure by default: a route is public only when it says @Public().
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [AuthService],
    };
  }
}
