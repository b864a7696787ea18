import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, MaxLength } from 'class-validator';
import type { CreateReportRequest, ReportFrequency } from '@cairn/contracts';

export class CreateReportDto implements CreateReportRequest {
  @ApiProperty({ example: 'owner@example.org', description: 'Who gets the mail' })
  @IsEmail({ require_tld: false })
  @MaxLength(254)
  email: string;

  @ApiProperty({ enum: ['weekly', 'monthly'], description: 'weekly: Monday–Sunday, sent Monday after 08:00 site time; monthly: the calendar month, sent on the 1st after 08:00' })
  @IsIn(['weekly', 'monthly'])
  frequency: ReportFrequency;
}

export class ReportDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'owner@example.org' }) email: string;
  @ApiProperty({ enum: ['weekly', 'monthly'] }) frequency: ReportFrequency;
  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'Set once the recipient used the unsubscribe link' }) unsubscribedAt: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-11-23', description: 'First day of the last period the scheduler mailed' }) lastSentPeriod: string | null;
}

export class ReportSentDoc {
  @ApiProperty({ example: { start: '2026-11-23', end: '2026-11-29' } }) period: { start: string; end: string };
  @ApiProperty({ example: '2026-12-01T09:30:00.000Z' }) sentAt: string;
}
