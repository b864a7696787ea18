import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateIf } from 'class-validator';
import { SITE_ROLES, type CreateSiteRequest, type SiteExclusions, type SiteRole, type UpdateSiteRequest } from '@cairn/contracts';
import { IsExclusions, IsHostnameList } from './site-controls.js';
import { IsIanaTimeZone, IsSiteDomain } from './site.validators.js';

export class CreateSiteDto implements CreateSiteRequest {
  @ApiProperty({ example: 'example.com', description: 'Normalised: lower case, no scheme, no www., no path' })
  @IsSiteDomain()
  domain: string;

  @ApiPropertyOptional({ example: 'Europe/Paris', description: "IANA zone for the site's day boundaries; defaults to DEFAULT_TIMEZONE" })
  @IsOptional()
  @IsIanaTimeZone()
  timezone?: string;
}

export class SiteResponseDto {
  @ApiProperty({ example: 'example.com' })
  domain: string;

  @ApiProperty({ example: 'Europe/Paris' })
  timezone: string;

  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ enum: SITE_ROLES, description: 'Your role on the site' })
  role: SiteRole;

  @ApiProperty({ example: [], description: 'Hosts whose pages count; [] = the domain and its subdomains' })
  hostnames: string[];

  @ApiProperty({ example: { ips: [], countries: [], paths: [] }, description: 'Traffic dropped at collection' })
  exclusions: SiteExclusions;
}

export class UpdateSiteDto implements UpdateSiteRequest {
  @ApiPropertyOptional({ example: 'America/New_York', description: "IANA zone for the site's day boundaries" })
  @IsOptional()
  @IsIanaTimeZone()
  timezone?: string;

  @ApiPropertyOptional({
    example: ['example.com', '*.example.com'],
    description: 'Hosts whose pages count: exact, `*.` for subdomains, `*` for any host; [] = the domain and its subdomains. Other hosts are answered 202 and dropped',
  })
  // Omitted: unchanged. null is no list, and is refused like any other.
  @ValidateIf((dto: UpdateSiteDto) => dto.hostnames !== undefined)
  @IsHostnameList()
  hostnames?: string[];

  @ApiPropertyOptional({
    example: { ips: ['203.0.113.0/24'], countries: ['DE'], paths: ['/admin*'] },
    description: 'Traffic answered 202 and dropped: client networks (CIDR, IPv4/IPv6; matched in memory, never stored), ISO countries, page paths with `*`. Each list sent replaces the stored one',
  })
  @ValidateIf((dto: UpdateSiteDto) => dto.exclusions !== undefined)
  @IsExclusions()
  exclusions?: Partial<SiteExclusions>;
}
