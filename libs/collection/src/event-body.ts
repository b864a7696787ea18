import { BadRequestException } from '@nestjs/common';
import { text } from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Contract §2: an event body is at most 8 KiB. */
export const MAX_EVENT_BYTES = 8 * 1024;

/** Keys that could reach an object's prototype once the body is copied into a DTO. */
const POISONED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The body parsers for `POST /api/event`: JSON whatever the Content-Type (sendBeacon sends
 * text/plain), at most 8 KiB (413 past it), 400 when it is not a JSON object.
 */
export function eventBodyParsers(): RequestHandler[] {
  return [allowAnyOrigin, text({ type: () => true, limit: MAX_EVENT_BYTES }), parseJsonText];
}

/** Collection is called from every site that embeds the snippet: any origin, never with credentials. */
export function allowAnyOrigin(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  next();
}

function parseJsonText(req: Request, _res: Response, next: NextFunction): void {
  if (req.method !== 'POST') return next();
  const raw: unknown = req.body;
  if (typeof raw !== 'string') return next(new BadRequestException({ error: 'Request body is not valid JSON', details: 'empty body' }));
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw, (key, value: unknown) => (POISONED_KEYS.has(key) ? undefined : value));
  } catch (error) {
    return next(new BadRequestException({ error: 'Request body is not valid JSON', details: (error as Error).message }));
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return next(new BadRequestException({ error: 'Request body must be a JSON object' }));
  }
  req.body = parsed;
  next();
}
