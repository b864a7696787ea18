import { Global, Module } from '@nestjs/common';
import { SiteAuthorizer } from '@cairn/sites';
import { MembersController } from './members.controller.js';
import { MembersRepository } from './members.repository.js';
import { MembersService } from './members.service.js';
import { SiteAccess } from './site-access.service.js';

@Global()
@Module({
  controllers: [MembersController],
  providers: [MembersRepository, SiteAccess, { provide: SiteAuthorizer, useExisting: SiteAccess }, MembersService],
  exports: [SiteAccess, SiteAuthorizer, MembersRepository],
})
export class AccessModule {}
