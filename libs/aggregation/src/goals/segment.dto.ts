import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { FunnelStepDto } from '../funnel.dto.js';

/** `POST /api/sites/:domain/segments`. */
export class CreateSegmentDto {
  @ApiProperty({ example: 'North America on the blog' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name: string;

  @ApiProperty({ example: { country: ['US', 'CA'], page: '/blog/*' }, description: 'dimension → value or values, as the filter.<dimension> parameters' })
  @IsObject()
  filters: Record<string, string | string[]>;
}

/** `POST /api/sites/:domain/funnels`. */
export class CreateFunnelDto {
  @ApiProperty({ example: 'Signup' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name: string;

  @ApiProperty({ type: [FunnelStepDto], minItems: 2, maxItems: 8, description: 'Each step is `{ page }` or `{ event }`' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => FunnelStepDto)
  steps: FunnelStepDto[];
}
