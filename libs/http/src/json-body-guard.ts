import { BadRequestException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** No request body of the API nests deeper than a handful of levels (a funnel's steps are three). */
export const MAX_JSON_DEPTH = 32;

/** A UTF-16 surrogate without its other half: JSON can spell one (`"\ud800"`), Unicode text cannot hold it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export type JsonBodyProblem = 'too deep' | 'not unicode';

/**
 * What is wrong with a parsed JSON body that no validator should have to meet, or null. Walked
 * without recursion and given up on past `maxDepth`: class-transformer walks a body recursively,
 * and a 100 KB body of `[[[[…` overflowed its stack; validator's isEmail throws on a lone surrogate.
 */
export function jsonBodyProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): JsonBodyProblem | null {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node === 'string') {
      if (LONE_SURROGATE.test(node)) return 'not unicode';
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    if (depth + 1 > maxDepth) return 'too deep';
    if (Array.isArray(node)) {
      for (const child of node) stack.push([child, depth + 1]);
      continue;
    }
    for (const [key, child] of Object.entries(node)) {
      if (LONE_SURROGATE.test(key)) return 'not unicode';
      stack.push([child, depth + 1]);
    }
  }
  return null;
}

const ANSWERS: Record<JsonBodyProblem, { error: string; details: string }> = {
  'too deep': { error: 'Request body is nested too deeply', details: `at most ${MAX_JSON_DEPTH} levels of objects and arrays` },
  'not unicode': { error: 'Request body is not valid Unicode text', details: 'a string holds a lone UTF-16 surrogate' },
};

/** Express middleware after the JSON parser: such a body is a 400, before any route. */
export function guardJsonBody() {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const problem = jsonBodyProblem(req.body);
    next(problem ? new BadRequestException(ANSWERS[problem]) : undefined);
  };
}
