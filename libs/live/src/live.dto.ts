import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';
import type { LiveResponse } from '@cairn/contracts';

export class LiveQueryDto {
  @ApiProperty({ description: 'The site’s domain', example: 'example.com' })
  @IsString()
  @IsNotEmpty()
  site: string;
}

class LivePageRow {
  @ApiProperty({ example: '/pricing' }) page: string;
  @ApiProperty({ example: 3 }) visitors: number;
}

class LiveSourceRow {
  @ApiProperty({ example: 'Google' }) source: string;
  @ApiProperty({ example: 2 }) visitors: number;
}

class LiveCountryRow {
  @ApiProperty({ example: 'FR', nullable: true, type: String, description: 'ISO 3166 alpha-2; null when unknown' }) country: string | null;
  @ApiProperty({ example: 1 }) visitors: number;
}

/** For the OpenAPI document: the shape of LiveResponse. */
export class LiveResponseDoc implements LiveResponse {
  @ApiProperty({ description: 'Distinct visitors with any event in the last LIVE_WINDOW_MINUTES', example: 3 }) visitors: number;
  @ApiProperty({ type: [LivePageRow], description: 'The page each visitor is on (their last pageview), top 20' }) pages: LivePageRow[];
  @ApiProperty({ type: [LiveSourceRow], description: 'Where their visits came from, top 20' }) sources: LiveSourceRow[];
  @ApiProperty({ type: [LiveCountryRow], description: 'Top 20' }) countries: LiveCountryRow[];
}
