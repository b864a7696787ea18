import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Param, Put, type PipeTransform } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@cairn/accounts';
import type { SiteMember } from '@cairn/contracts';
import { SetMemberRoleDto, SiteMemberDto } from './members.dto.js';
import { MembersService } from './members.service.js';

/**
 * A user id in a path: a positive 32-bit integer in decimal, 400 otherwise. The handler declares the
 * parameter a string, so the global ValidationPipe does not turn `01` or ` 1` into 1 before this sees it.
 */
class UserIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const id = /^[1-9]\d{0,9}$/.test(String(value)) ? Number(value) : NaN;
    if (!(id <= 2_147_483_647)) throw new BadRequestException('userId must be a positive integer');
    return id;
  }
}
const userIdPipe = () => new UserIdPipe();

@ApiTags('members')
@ApiBearerAuth()
@Controller('api/sites/:domain/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @ApiOperation({ summary: 'The site’s members and their roles (admin or owner)' })
  @ApiOkResponse({ type: [SiteMemberDto] })
  @ApiNotFoundResponse({ description: 'No such site, or not yours' })
  @ApiForbiddenResponse({ description: 'Your role on the site is viewer' })
  list(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string): Promise<SiteMember[]> {
    return this.members.list(principal, domain);
  }

  @Put(':userId')
  @ApiOperation({ summary: 'Change a member’s role (admins: admins and viewers; owners: anyone)' })
  @ApiOkResponse({ type: SiteMemberDto })
  @ApiNotFoundResponse({ description: 'No such site or member' })
  @ApiForbiddenResponse({ description: 'Your role is too low for this change' })
  @ApiConflictResponse({ description: 'The site would be left without an owner' })
  setRole(
    @CurrentPrincipal() principal: Principal,
    @Param('domain') domain: string,
    @Param('userId') userId: string,
    @Body() body: SetMemberRoleDto,
  ): Promise<SiteMember> {
    return this.members.setRole(principal, domain, userIdPipe().transform(userId), body.role);
  }

  @Delete(':userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member (or leave the site: your own id)' })
  @ApiNotFoundResponse({ description: 'No such site or member' })
  @ApiForbiddenResponse({ description: 'Your role is too low for this change' })
  @ApiConflictResponse({ description: 'The member is the site’s last owner' })
  remove(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string, @Param('userId') userId: string): Promise<void> {
    return this.members.remove(principal, domain, userIdPipe().transform(userId));
  }
}
