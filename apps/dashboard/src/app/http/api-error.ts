import { HttpErrorResponse } from '@angular/common/http';
import type { ApiError, FieldProblem } from '@cairn/contracts';
import { t } from '../i18n/translate';

/** What went wrong with a request, worded for the person at the screen (the API's own words when it gave some). */
export interface RequestProblem {
  status: number;
  message: string;
  /** Validation problems by field name (`domain`, `timezone`); `''` for those not tied to one. */
  fields: Record<string, string[]>;
}

/** Reads an HttpClient failure: the API's `{ error, details }` when there is one, a plain fallback otherwise. */
export function describeRequestProblem(error: unknown): RequestProblem {
  if (!(error instanceof HttpErrorResponse)) {
    return { status: -1, message: t('problems.unknown'), fields: {} };
  }
  if (error.status === 0) {
    return { status: 0, message: t('problems.offline'), fields: {} };
  }
  const body = isApiError(error.error) ? error.error : null;
  return {
    status: error.status,
    message: body?.error ?? t('problems.status', { status: `${error.status}${error.statusText ? ` ${error.statusText}` : ''}` }),
    fields: fieldProblems(body?.details),
  };
}

function fieldProblems(details: unknown): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  const add = (field: string, problem: string) => (fields[field] ??= []).push(problem);
  if (typeof details === 'string') add('', details);
  if (Array.isArray(details)) {
    for (const entry of details) {
      if (typeof entry === 'string') add('', entry);
      else if (isFieldProblem(entry)) entry.problems.forEach((problem) => add(entry.field, problem));
    }
  }
  return fields;
}

function isApiError(body: unknown): body is ApiError {
  return typeof body === 'object' && body !== null && typeof (body as ApiError).error === 'string';
}

function isFieldProblem(entry: unknown): entry is FieldProblem {
  const candidate = entry as Partial<FieldProblem> | null;
  return typeof candidate?.field === 'string' && Array.isArray(candidate.problems) && candidate.problems.every((p) => typeof p === 'string');
}
