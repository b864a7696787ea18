import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsObject, IsOptional, IsString, Length, ValidateIf, ValidateNested } from 'class-validator';

export class FunnelStepDto {
  @ApiPropertyOptional({ description: 'A page path; `*` matches any run of characters', example: '/blog/*' })
  @ValidateIf((step: FunnelStepDto) => step.event === undefined || step.page !== undefined)
  @IsString()
  @Length(1, 1024)
  page?: string;

  @ApiPropertyOptional({ description: 'A custom event name', example: 'Signup' })
  @ValidateIf((step: FunnelStepDto) => step.page === undefined || step.event !== undefined)
  @IsString()
  @Length(1, 120)
  event?: string;
}

export class FunnelRequestDto {
  @ApiProperty({ example: 'example.com' })
  @IsString()
  site: string;

  @ApiPropertyOptional({ enum: ['realtime', 'today', 'yesterday', '7d', '30d', 'month', 'year', 'all'], default: '30d' })
  @IsOptional()
  @IsString()
  period?: string;

  @ApiPropertyOptional({ description: 'UNIX seconds or ISO 8601', oneOf: [{ type: 'string' }, { type: 'integer' }] })
  @IsOptional()
  @IsDefined()
  start?: string | number;

  @ApiPropertyOptional({ description: 'UNIX seconds or ISO 8601 (a date is inclusive, an instant exclusive)', oneOf: [{ type: 'string' }, { type: 'integer' }] })
  @IsOptional()
  @IsDefined()
  end?: string | number;

  @ApiProperty({ type: [FunnelStepDto], minItems: 2, maxItems: 8, description: 'Each step is `{ page }` or `{ event }`' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => FunnelStepDto)
  steps: FunnelStepDto[];

  @ApiPropertyOptional({ enum: ['auto', 'raw', 'sql'], default: 'auto', description: '`sql` answers from the primary database’s raw tables instead of the read store (slower; for checking it)' })
  @IsOptional()
  @IsString()
  source?: string;

  @ApiPropertyOptional({ description: 'A segment’s id: its filters join `filters` (AND)', example: 3 })
  @IsOptional()
  @IsDefined()
  segment?: string | number;

  @ApiPropertyOptional({ description: 'dimension → value or values, as the filter.<dimension> query parameters', example: { source: 'Google' } })
  @IsOptional()
  @IsObject()
  filters?: Record<string, string | string[]>;
}
