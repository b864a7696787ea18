import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';
import type { LiveEvent, LiveResponse } from '@cairn/contracts';

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

class LiveEventRow implements LiveEvent {
  @ApiProperty({ example: '2026-03-10T12:00:05.120Z', description: 'Server time of the event, ISO 8601' }) at: string;
  @ApiProperty({ enum: ['pageview', 'event'], example: 'pageview' }) type: 'pageview' | 'event';
  @ApiProperty({ example: null, nullable: true, type: String, description: 'The custom event’s name; null for a pageview' }) name: string | null;
  @ApiProperty({ example: '/pricing', description: 'The path of the page it happened on' }) page: string;
  @ApiProperty({ example: 'Google', description: 'The visit’s source' }) source: string;
  @ApiProperty({ example: 'FR', nullable: true, type: String, description: 'The visit’s country, ISO 3166 alpha-2; null when unknown' }) country: string | null;
  @ApiProperty({ example: 'desktop', description: 'The visit’s device type' }) device: string;
}

/** For the OpenAPI document: the shape of LiveResponse. */
export class LiveResponseDoc implements LiveResponse {
  @ApiProperty({ description: 'Distinct visitors with any event in the last LIVE_WINDOW_MINUTES', example: 3 }) visitors: number;
  @ApiProperty({ type: [LivePageRow], description: 'The page each visitor is on (their last pageview), top 20' }) pages: LivePageRow[];
  @ApiProperty({ type: [LiveSourceRow], description: 'Where their visits came from, top 20' }) sources: LiveSourceRow[];
  @ApiProperty({ type: [LiveCountryRow], description: 'Top 20' }) countries: LiveCountryRow[];
  @ApiProperty({
    type: [LiveEventRow],
    description: 'The latest pageviews and custom events of the window, newest first, at most 20 (engagement reports left out; no visitor id)',
  })
  recent: LiveEventRow[];
}
