import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@cairn/accounts';
import type { Site } from '@cairn/contracts';
import { CreateSiteDto, SiteResponseDto } from './site.dto.js';
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

  @Delete(':domain')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a site' })
  @ApiNotFoundResponse({ description: 'No such site, or not yours' })
  remove(@CurrentPrincipal() principal: Principal, @Param('domain') domain: string): Promise<void> {
    return this.sites.remove(principal, domain);
  }
}
