import { Module } from '@nestjs/common';
import { InvitationsController } from './invitations.controller.js';
import { InvitationsRepository } from './invitations.repository.js';
import { InvitationsService } from './invitations.service.js';

/** Invitations to a site (contract §7). Its own lib: it needs access, accounts and mail, and nothing needs it. */
@Module({ controllers: [InvitationsController], providers: [InvitationsRepository, InvitationsService] })
export class InvitationsModule {}
