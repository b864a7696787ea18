import { BadRequestException, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import type { FieldProblem } from '@cairn/contracts';

/** Flattens nested class-validator errors into `{ field: 'a.b', problems: [...] }`. */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** Unknown properties are refused, not silently dropped: a typo should not look accepted. */
export const VALIDATION_OPTIONS = { whitelist: true, forbidNonWhitelisted: true } as const;

/** A 400 `{ error: 'Invalid request', details: [{ field, problems }] }`. */
export function invalidFields(details: FieldProblem[]): BadRequestException {
  return new BadRequestException({ error: 'Invalid request', details });
}

/** The same 400 from class-validator's errors. */
export function invalidRequest(errors: ValidationError[]): BadRequestException {
  return invalidFields(fieldProblems(errors));
}

/**
 * Keys, at any depth, that name a member of Object.prototype (`hasOwnProperty`, `toString`,
 * `constructor`, `__proto__`, …). class-validator's whitelist takes most of them for declared
 * properties and class-transformer drops others, so they slipped through as accepted.
 */
export function prototypeKeyProblems(value: unknown, options: { nested: boolean } = { nested: true }, parent = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (typeof value !== 'object' || value === null) return problems;
  // A plain loop: this runs on every event (POST /api/event), where flatMap and spreads showed up.
  for (const key of Object.keys(value)) {
    const field = parent ? `${parent}.${key}` : key;
    if (key in Object.prototype) problems.push({ field, problems: [`property ${key} should not exist`] });
    if (options.nested) problems.push(...prototypeKeyProblems((value as Record<string, unknown>)[key], options, field));
  }
  return problems;
}

/**
 * The global pipe: bodies and queries bound to a DTO checked for prototype keys, then transformed,
 * unknown properties refused. A body with no DTO (a live socket's subscribe, checked by its handler)
 * is left to its handler: a refusal here would go out as a socket.io 'exception', never as its ack.
 */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if ((metadata.type === 'body' || metadata.type === 'query') && this.toValidate(metadata)) {
      const problems = prototypeKeyProblems(value);
      if (problems.length > 0) throw invalidFields(problems);
    }
    return super.transform(value, metadata);
  }
}

/** The global pipe, 400 `{ error, details }` on failure. */
export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({ transform: true, ...VALIDATION_OPTIONS, exceptionFactory: invalidRequest });
}
