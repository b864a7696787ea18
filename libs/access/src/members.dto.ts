import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { SITE_ROLES, type SetMemberRoleRequest, type SiteRole } from '@cairn/contracts';

export class SetMemberRoleDto implements SetMemberRoleRequest {
  @ApiProperty({ enum: SITE_ROLES, example: 'viewer' })
  @IsIn(SITE_ROLES)
  role: SiteRole;
}

export class SiteMemberDto {
  @ApiProperty({ example: 2 })
  userId: number;

  @ApiProperty({ example: 'ana@example.org' })
  email: string;

  @ApiProperty({ enum: SITE_ROLES })
  role: SiteRole;
}
