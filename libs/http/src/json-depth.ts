import { BadRequestException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** No request body of the API nests deeper than a handful of levels (a funnel's steps are three). */
export const MAX_JSON_DEPTH = 32;

/**
 * How deep a parsed JSON value nests, counted without recursion and given up on past `limit`:
 * class-transformer walks a body recursively, and a 100 KB body of `[[[[…` overflows its stack.
 */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** Express middleware after the JSON parser: a body nested past `limit` levels is a 400, before any route. */
export function refuseDeepJson(limit = MAX_JSON_DEPTH) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (jsonDepthExceeds(req.body, limit)) {
      next(new BadRequestException({ error: 'Request body is nested too deeply', details: `at most ${limit} levels of objects and arrays` }));
      return;
    }
    next();
  };
}
