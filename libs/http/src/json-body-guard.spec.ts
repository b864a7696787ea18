import { jsonBodyProblem } from './json-body-guard.js';

describe(jsonBodyProblem.name, () => {
  const nested = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));

  it('lets scalars and bodies within the limit through', () => {
    expect(jsonBodyProblem('text', 2)).toBeNull();
    expect(jsonBodyProblem(null, 2)).toBeNull();
    expect(jsonBodyProblem(undefined, 2)).toBeNull();
    expect(jsonBodyProblem({ site: 'a', steps: [{ page: '/' }] }, 3)).toBeNull();
    expect(jsonBodyProblem(nested(32), 32)).toBeNull();
  });

  it('catches a body one level too deep, in arrays or objects, wherever it hides', () => {
    expect(jsonBodyProblem(nested(33), 32)).toBe('too deep');
    expect(jsonBodyProblem({ site: 'a', steps: [{ page: '/' }] }, 2)).toBe('too deep');
    expect(jsonBodyProblem({ a: 1, b: [1, 2, { c: { d: {} } }] }, 4)).toBe('too deep');
  });

  it('measures 50,000 levels without overflowing the stack', () => {
    expect(jsonBodyProblem(nested(50_000))).toBe('too deep');
    expect(jsonBodyProblem(JSON.parse('{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000)))).toBe('too deep');
  });

  it('catches a lone surrogate in a value or a key, and leaves real pairs alone', () => {
    expect(jsonBodyProblem(JSON.parse('{"email":"\\ud800"}'))).toBe('not unicode');
    expect(jsonBodyProblem(JSON.parse('{"email":"a\\udfff\\ud800b"}'))).toBe('not unicode');
    expect(jsonBodyProblem(JSON.parse('{"steps":[{"page":"/\\udc00"}]}'))).toBe('not unicode');
    expect(jsonBodyProblem(JSON.parse('{"\\ud83d":1}'))).toBe('not unicode');
    expect(jsonBodyProblem({ name: '💥 Signup', page: '/日本' })).toBeNull();
  });

  it('catches NUL in a value or a key, at any depth', () => {
    expect(jsonBodyProblem(JSON.parse('{"title":"a\\u0000b"}'))).toBe('nul');
    expect(jsonBodyProblem(JSON.parse('{"props":{"plan\\u0000":"pro"}}'))).toBe('nul');
    expect(jsonBodyProblem({ steps: [{ page: '/\u0000' }] })).toBe('nul');
    expect(jsonBodyProblem({ name: 'no NUL here \u0001' })).toBeNull();
  });
});
