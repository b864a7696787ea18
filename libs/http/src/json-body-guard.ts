import { BadRequestException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** No request body of the API nests deeper than a handful of levels (a funnel's steps are three). */
export const MAX_JSON_DEPTH = 32;

/** A UTF-16 surrogate without its other half: JSON can spell one (`"\ud800"`), Unicode text cannot hold it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** U+0000: no text field means it, PostgreSQL's text cannot hold it, and it truncates C strings. */
const NUL = '\u0000';

export type JsonBodyProblem = 'too deep' | 'not unicode' | 'nul';

/**
 * What is wrong with a parsed JSON body that no validator should have to meet, or null: too deep, a
 * lone surrogate, or a NUL character, in any string or key. Walked
 * without recursion and given up on past `maxDepth`: class-transformer walks a body recursively,
 * and a 100 KB body of `[[[[…` overflowed its stack; validator's isEmail throws on a lone surrogate.
 */
export function jsonBodyProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): JsonBodyProblem | null {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node === 'string') {
      if (LONE_SURROGATE.test(node)) return 'not unicode';
      if (node.includes(NUL)) return 'nul';
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
      if (key.includes(NUL)) return 'nul';
      stack.push([child, depth + 1]);
    }
  }
  return null;
}

const ANSWERS: Record<JsonBodyProblem, { error: string; details: string }> = {
  'too deep': { error: 'Request body is nested too deeply', details: `at most ${MAX_JSON_DEPTH} levels of objects and arrays` },
  'not unicode': { error: 'Request body is not valid Unicode text', details: 'a string holds a lone UTF-16 surrogate' },
  nul: { error: 'Request body holds a NUL character', details: 'no string or key may contain U+0000' },
};

/** The 400 for a body with that problem: the same answer on every route, collection included. */
export function jsonBodyRefusal(problem: JsonBodyProblem): BadRequestException {
  return new BadRequestException(ANSWERS[problem]);
}

/** Express middleware after the JSON parser: such a body is a 400, before any route. */
export function guardJsonBody() {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const problem = jsonBodyProblem(req.body);
    next(problem ? jsonBodyRefusal(problem) : undefined);
  };
}
