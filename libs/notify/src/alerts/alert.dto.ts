import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsInt, IsOptional, IsUUID, Max, MaxLength, Min } from 'class-validator';
import type { CreateAlertRequest } from '@cairn/contracts';

export class CreateAlertDto implements CreateAlertRequest {
  @ApiProperty({ enum: ['spike'] })
  @IsIn(['spike'])
  kind: 'spike';

  @ApiProperty({ example: 100, description: 'Live visitors (LIVE_WINDOW_MINUTES) that set the alert off' })
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  threshold: number;

  @ApiPropertyOptional({ example: 'owner@example.org', description: 'Mailed when the alert fires (needs SMTP_URL)' })
  @IsOptional()
  @IsEmail({ require_tld: false })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'One of the site’s webhooks, POSTed when the alert fires (webhooks that take `spike` get it anyway)' })
  @IsOptional()
  @IsUUID()
  webhook?: string;
}

export class AlertDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['spike'] }) kind: 'spike';
  @ApiProperty({ example: 100 }) threshold: number;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) webhook: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) lastFiredAt: string | null;
}
