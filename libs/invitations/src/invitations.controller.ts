import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import { CurrentPrincipal, Public, type Principal } from '@cairn/accounts';
import type { CreatedInvitation, Invitation, LoginResponse } from '@cairn/contracts';
import { AcceptInvitationDto, CreateInvitationDto, InvitationListQueryDto } from './invitations.dto.js';
import { InvitationsService } from './invitations.service.js';

@ApiTags('members')
@Controller('api/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Invite an email to a site with a role (admin or owner); the link is in the answer once, and mailed when SMTP_URL is set' })
  @ApiCreatedResponse({ description: '{ id, url, expiresAt, mailed }: the link works once, for 7 days' })
  @ApiNotFoundResponse({ description: 'No such site, or not yours' })
  @ApiForbiddenResponse({ description: 'Your role is too low (owners only invite owners)' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateInvitationDto): Promise<CreatedInvitation> {
    return this.invitations.create(principal, body);
  }

  @Get()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The site’s pending invitations (admin or owner)' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: InvitationListQueryDto): Promise<Invitation[]> {
    return this.invitations.list(principal, query.site);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Withdraw an invitation: its link stops working' })
  @ApiNotFoundResponse({ description: 'No such invitation, or not of your sites' })
  remove(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.invitations.remove(principal, id);
  }

  @Post('accept')
  @HttpCode(200)
  @Public()
  @UseGuards(ThrottlerGuard)
  @SkipThrottle({ events: true })
  @ApiOperation({ summary: 'Accept an invitation: makes the account (or checks the existing one’s password) and the membership; answers a login token' })
  @ApiNotFoundResponse({ description: 'Unknown, already used or expired' })
  @ApiUnauthorizedResponse({ description: 'The email has an account and this is not its password' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this client' })
  accept(@Body() body: AcceptInvitationDto): Promise<LoginResponse> {
    return this.invitations.accept(body.token, body.password);
  }
}
