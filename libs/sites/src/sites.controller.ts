import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@cairn/accounts';
import type { Site } from '@cairn/contracts';
import { CreateSiteDto, SiteResponseDto, UpdateSiteDto } from './site.dto.js';
import { SitesService } from './sites.service.js';

@ApiTags('sites')
@ApiBearerAuth()
@Controller('api/sites')
export class SitesController {
  constructor(private readonly sites: SitesService) {}

  @Get()
  @ApiOperation({ summary: 'Sites you can see' })
  @ApiOkResponse({ type: [SiteResponseDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<Site[]> {
    return this.sites.list(principal);
  }

  @Post()
  @ApiOperation({ summary: 'Register a site' })
  @ApiConflictResponse({ description: 'The domain is already registered' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateSiteDto): Promise<Site> {
    return this.sites.create(principal, body);
  }

  @Get(':domain')
  @ApiOperation({ summary: 'One site' })
  @ApiNotFoundResponse({ description: 'No such site, or not yours' })
  get(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string): Promise<Site> {
    return this.sites.get(principal, domain);
  }

  @Patch(':domain')
  @ApiOperation({ summary: 'Change site settings (admin or owner): the fields sent change, the others stay' })
  @ApiOkResponse({ type: SiteResponseDto })
  @ApiNotFoundResponse({ description: 'No such site, or not yours' })
  @ApiForbiddenResponse({ description: 'Your role on the site is viewer' })
  update(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string, @Body() body: UpdateSiteDto): Promise<Site> {
    return this.sites.update(principal, domain, body);
  }

  @Delete(':domain')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a site and all its data (owners only)' })
  @ApiNotFoundResponse({ description: 'No such site, or not yours' })
  @ApiForbiddenResponse({ description: 'Your role on the site is below owner' })
  remove(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string): Promise<void> {
    return this.sites.remove(principal, domain);
  }
}
