import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { SITE_ROLES, type AcceptInvitationRequest, type CreateInvitationRequest, type SiteRole } from '@cairn/contracts';
import { IsSiteDomain } from '@cairn/sites';

export class CreateInvitationDto implements CreateInvitationRequest {
  @ApiProperty({ example: 'ana@example.org' })
  @IsEmail({ require_tld: false })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'example.com', description: 'The site’s domain' })
  @IsSiteDomain()
  site: string;

  @ApiProperty({ enum: SITE_ROLES, example: 'viewer' })
  @IsIn(SITE_ROLES)
  role: SiteRole;
}

export class AcceptInvitationDto implements AcceptInvitationRequest {
  @ApiProperty({ description: 'The token of the invitation link (`/invite/<token>`)' })
  @IsString()
  @Matches(/^ci_[A-Za-z0-9_-]{43}$/, { message: 'token must be the token of an invitation link' })
  token: string;

  @ApiProperty({ description: 'A new account’s password (at least 10 characters), or the existing account’s own' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  password: string;
}

export class InvitationListQueryDto {
  @ApiProperty({ example: 'example.com' })
  @IsSiteDomain()
  site: string;
}
