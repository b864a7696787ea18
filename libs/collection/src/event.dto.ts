import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateBy, ValidateIf, buildMessage } from 'class-validator';
import { isCurrency, parseAmount, PROP_KEY_PATTERN } from '@cairn/contracts';
import { parsePageUrl } from './enrichment/page-url.js';

export const EVENT_TYPES = ['pageview', 'event', 'engagement'] as const;
export type EventTypeName = (typeof EVENT_TYPES)[number];

export const MAX_PROPS = 30;
/** The tracker does not clamp its scroll percent (bytes): past 100 is read as 100, up to this. */
const MAX_SCROLL_DEPTH = 1_000_000;
const MAX_PROP_KEY = 64;
const MAX_PROP_VALUE = 500;

/** A property value the event may carry: a string of at most 500 characters, a finite number, a boolean. */
function isPropValue(value: unknown): boolean {
  return (typeof value === 'string' && value.length <= MAX_PROP_VALUE) || (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean';
}

/** Custom event properties: a flat object of at most 30 values, under keys a breakdown can name. */
export function isFlatProps(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return entries.length <= MAX_PROPS && entries.every(([key, v]) => PROP_KEY_PATTERN.test(key) && isPropValue(v));
}

/** What is wrong with `props`, naming the first key at fault. */
function propsProblem(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'props must be an object of flat values';
  const entries = Object.entries(value);
  if (entries.length > MAX_PROPS) return `props must have at most ${MAX_PROPS} keys (got ${entries.length})`;
  const badKey = entries.find(([key]) => !PROP_KEY_PATTERN.test(key));
  if (badKey) return `props key ${JSON.stringify(badKey[0].slice(0, 80))} must be 1 to ${MAX_PROP_KEY} letters, digits, spaces or _ . - (as prop:<key> takes)`;
  const badValue = entries.find(([, v]) => !isPropValue(v))!;
  return `props ${JSON.stringify(badValue[0])} must be a string (≤ ${MAX_PROP_VALUE} chars), a number or a boolean`;
}

/**
 * The registered site's host, bare: no scheme, user, password, port, path, query or fragment (the
 * pixel decodes `%2F` before this sees it, so `site=example.com%2Fx` cannot smuggle a path in).
 */
const BARE_HOST = /^[^\s/\\?#@:%]+$/u;

/** A custom event's revenue: exactly `{amount, currency}`, a non-negative amount with at most 2 decimals, an ISO 4217 code. */
export function isRevenue(value: unknown): value is { amount: number | string; currency: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const { amount, currency } = value as Record<string, unknown>;
  return keys.length === 2 && parseAmount(amount) !== null && isCurrency(currency);
}

/** `POST /api/event` (contract §2). */
export class EventDto {
  @ApiProperty({ example: 'example.com', description: 'The site as registered' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(253)
  @Matches(BARE_HOST, { message: 'site must be the bare host name the site is registered under, such as example.com (no scheme, user, port or path)' })
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

  @ApiPropertyOptional({ example: { plan: 'pro', seats: 3 }, description: 'Flat string/number/boolean values, at most 30 keys of 1–64 letters, digits, spaces or _ . -' })
  @IsOptional()
  @ValidateBy({
    name: 'isFlatProps',
    validator: {
      validate: isFlatProps,
      defaultMessage: (args) => propsProblem(args?.value),
    },
  })
  props?: Record<string, string | number | boolean>;

  @ApiPropertyOptional({ example: 42000, description: 'Visible milliseconds on the page, required for type "engagement"' })
  @ValidateIf((dto: EventDto) => dto.type === 'engagement' || dto.engagedMs !== undefined)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  engagedMs?: number;

  @ApiPropertyOptional({
    example: { amount: 29.9, currency: 'EUR' },
    description: 'Custom events: the revenue, `amount` (≥ 0, at most 2 decimals, a number or a decimal text) in `currency` (ISO 4217); kept exactly',
  })
  @IsOptional()
  @ValidateBy({
    name: 'isRevenue',
    validator: {
      validate: (value: unknown, args) => (args?.object as EventDto).type === 'event' && isRevenue(value),
      defaultMessage: buildMessage(
        (prefix) => `${prefix}$property must be {amount, currency} on a custom event: amount ≥ 0 with at most 2 decimals, currency an ISO 4217 code such as EUR`,
      ),
    },
  })
  revenue?: { amount: number | string; currency: string };

  @ApiPropertyOptional({
    example: 87,
    description: 'Engagement reports: the deepest percent of the page seen, 0–100 (a whole number; more, as an overscroll or a page shorter than the window can give, counts as 100)',
  })
  @ValidateIf((dto: EventDto) => dto.scrollDepth !== undefined)
  @IsInt()
  @Min(0)
  @Max(MAX_SCROLL_DEPTH)
  scrollDepth?: number;
}
