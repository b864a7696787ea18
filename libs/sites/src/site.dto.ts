import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { SITE_ROLES, type CreateSiteRequest, type SiteRole, type UpdateSiteRequest } from '@cairn/contracts';
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
}

export class UpdateSiteDto implements UpdateSiteRequest {
  @ApiPropertyOptional({ example: 'America/New_York', description: "IANA zone for the site's day boundaries" })
  @IsOptional()
  @IsIanaTimeZone()
  timezone?: string;
}
