import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateBy, ValidateIf, buildMessage } from 'class-validator';
import type { CreateGoalRequest } from '@cairn/contracts';
import { isCurrency } from '@cairn/contracts';

const MAX_PROPS = 30;

/** Properties a goal's event must carry: a flat object of at most 30 text, number or boolean values. */
function isGoalProps(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length > 0 &&
    entries.length <= MAX_PROPS &&
    entries.every(([key, v]) => key.length > 0 && key.length <= 64 && ((typeof v === 'string' && v.length <= 500) || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean'))
  );
}

/** `POST /api/sites/:domain/goals`: a page goal or an event goal, never both. */
export class CreateGoalDto implements CreateGoalRequest {
  @ApiPropertyOptional({ example: 'Pro signup', description: 'Unique on the site; default the page pattern or the event name' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ example: '/pricing*', description: 'Page goal: a path starting with /, `*` matching any run of characters' })
  @ValidateIf((goal: CreateGoalDto) => goal.page !== undefined || goal.event === undefined)
  @IsString()
  @MaxLength(1024)
  @Matches(/^\//, { message: 'page must be a path starting with /' })
  page?: string;

  @ApiPropertyOptional({ example: 'Signup', description: 'Event goal: the custom event’s name' })
  @ValidateIf((goal: CreateGoalDto) => goal.event !== undefined || goal.page === undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  event?: string;

  @ApiPropertyOptional({ example: { plan: 'pro' }, description: 'Event goals: properties the event must carry (compared as text)' })
  @IsOptional()
  @ValidateBy({
    name: 'isGoalProps',
    validator: { validate: isGoalProps, defaultMessage: buildMessage((prefix) => `${prefix}$property must be an object of 1 to ${MAX_PROPS} text, number or boolean values`) },
  })
  props?: Record<string, string | number | boolean>;

  @ApiPropertyOptional({ example: 'EUR', description: 'Event goals: ISO 4217 code; makes it a revenue goal (revenue in other currencies is not added)' })
  @IsOptional()
  @ValidateBy({
    name: 'isCurrency',
    validator: { validate: isCurrency, defaultMessage: buildMessage((prefix) => `${prefix}$property must be an ISO 4217 currency code such as EUR or USD`) },
  })
  currency?: string;
}
