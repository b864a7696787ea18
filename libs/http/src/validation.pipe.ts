import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
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
export function invalidRequest(errors: ValidationError[]): BadRequestException {
  return new BadRequestException({ error: 'Invalid request', details: fieldProblems(errors) });
}

/** The global pipe: DTOs transformed, unknown properties refused, 400 `{ error, details }` on failure. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({ transform: true, ...VALIDATION_OPTIONS, exceptionFactory: invalidRequest });
}
