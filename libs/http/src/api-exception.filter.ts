import { Catch, HttpException, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';
import type { ApiError } from '@cairn/contracts';

/** Errors Express's body parsers raise before a route runs: they carry their own status. */
interface BodyParserError extends Error {
  status: number;
  /** Absent when the body could not be decompressed (a zlib error passed on with status 400). */
  type?: string;
}

const BODY_PARSER_MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'Request body is not valid JSON',
  'entity.too.large': 'Request body is too large',
  'encoding.unsupported': 'Unsupported content encoding',
  'charset.unsupported': 'Unsupported charset',
  'request.aborted': 'Request aborted',
};

/**
 * The one place errors become answers: `{ error, details? }` with the right status, never a stack
 * trace. Unexpected errors are logged (without request headers or addresses) and answered 500.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.toAnswer(exception);
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(status).json(body);
  }

  toAnswer(exception: unknown): { status: number; body: ApiError } {
    if (exception instanceof HttpException) {
      return { status: exception.getStatus(), body: httpErrorBody(exception) };
    }
    if (isBodyParserError(exception)) {
      return { status: exception.status, body: { error: BODY_PARSER_MESSAGES[exception.type ?? ''] ?? 'Malformed request' } };
    }
    this.logger.error({ err: exception }, 'Unhandled error');
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: { error: 'Internal server error' } };
  }
}

/** An HttpException as `{ error, details? }`. */
export function httpErrorBody(exception: HttpException): ApiError {
  const response = exception.getResponse();
  if (typeof response === 'string') return { error: response };
  const body = response as Record<string, unknown>;
  // Already in our shape (ValidationPipe's factory, health checks): pass it on.
  if (!('message' in body) && 'error' in body) return body as unknown as ApiError;
  const { message } = body;
  if (Array.isArray(message)) return { error: String(body.error ?? exception.message), details: message };
  return { error: typeof message === 'string' ? message : exception.message };
}

/** http-errors' client errors, as body-parser raises them (`expose` is set for every 4xx). */
function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    error instanceof Error &&
    (typeof (error as BodyParserError).type === 'string' || (error as { expose?: unknown }).expose === true) &&
    typeof (error as BodyParserError).status === 'number' &&
    (error as BodyParserError).status >= 400 &&
    (error as BodyParserError).status < 500
  );
}
