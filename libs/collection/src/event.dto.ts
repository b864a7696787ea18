import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateBy, ValidateIf, buildMessage } from 'class-validator';
import { parsePageUrl } from './enrichment/page-url.js';

export const EVENT_TYPES = ['pageview', 'event', 'engagement'] as const;
export type EventTypeName = (typeof EVENT_TYPES)[number];

export const MAX_PROPS = 30;
const MAX_PROP_KEY = 64;
const MAX_PROP_VALUE = 500;

/** Custom event properties: a flat object of at most 30 string, number or boolean values. */
export function isFlatProps(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length <= MAX_PROPS &&
    entries.every(
      ([key, v]) =>
        key.length > 0 &&
        key.length <= MAX_PROP_KEY &&
        ((typeof v === 'string' && v.length <= MAX_PROP_VALUE) || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean'),
    )
  );
}

/** `POST /api/event` (contract §2). */
export class EventDto {
  @ApiProperty({ example: 'example.com', description: 'The site as registered' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(253)
  site: string;

  @ApiPropertyOptional({ enum: EVENT_TYPES, default: 'pageview' })
  @IsOptional()
  @IsIn(EVENT_TYPES)
  type?: EventTypeName;

  @ApiProperty({ example: 'https://example.com/pricing?utm_source=newsletter', description: 'Full page URL (http or https)' })
  @IsString()
  @MaxLength(4096)
  @ValidateBy({
    name: 'isPageUrl',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parsePageUrl(value) !== null,
      defaultMessage: buildMessage((prefix) => `${prefix}$property must be an absolute http(s) URL`),
    },
  })
  url: string;

  @ApiPropertyOptional({ example: 'https://news.ycombinator.com/' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  referrer?: string;

  @ApiPropertyOptional({ example: 'Pricing — Example' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  title?: string;

  @ApiPropertyOptional({ example: '1920x1080', description: 'WIDTHxHEIGHT' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,5}x\d{1,5}$/, { message: 'screen must look like 1920x1080' })
  screen?: string;

  @ApiPropertyOptional({ example: 'Signup', description: 'Custom event name, required for type "event"' })
  @ValidateIf((dto: EventDto) => dto.type === 'event' || dto.name !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ example: { plan: 'pro', seats: 3 }, description: 'Flat string/number/boolean values, at most 30 keys' })
  @IsOptional()
  @ValidateBy({
    name: 'isFlatProps',
    validator: {
      validate: isFlatProps,
      defaultMessage: buildMessage(
        (prefix) => `${prefix}$property must be an object of at most ${MAX_PROPS} string (≤ ${MAX_PROP_VALUE} chars), number or boolean values`,
      ),
    },
  })
  props?: Record<string, string | number | boolean>;

  @ApiPropertyOptional({ example: 42000, description: 'Visible milliseconds on the page, required for type "engagement"' })
  @ValidateIf((dto: EventDto) => dto.type === 'engagement' || dto.engagedMs !== undefined)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  engagedMs?: number;
}
