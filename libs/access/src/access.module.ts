import { Global, Module } from '@nestjs/common';
import { SiteAccess } from './site-access.service.js';

@Global()
@Module({ providers: [SiteAccess], exports: [SiteAccess] })
export class AccessModule {}
