import { jsonDepthExceeds } from './json-depth.js';

describe(jsonDepthExceeds.name, () => {
  const nested = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));

  it('lets scalars and bodies within the limit through', () => {
    expect(jsonDepthExceeds('text', 2)).toBe(false);
    expect(jsonDepthExceeds(null, 2)).toBe(false);
    expect(jsonDepthExceeds({ site: 'a', steps: [{ page: '/' }] }, 3)).toBe(false);
    expect(jsonDepthExceeds(nested(32), 32)).toBe(false);
  });

  it('catches a body one level too deep, in arrays or objects, wherever it hides', () => {
    expect(jsonDepthExceeds(nested(33), 32)).toBe(true);
    expect(jsonDepthExceeds({ site: 'a', steps: [{ page: '/' }] }, 2)).toBe(true);
    expect(jsonDepthExceeds({ a: 1, b: [1, 2, { c: { d: {} } }] }, 4)).toBe(true);
  });

  it('measures 50,000 levels without overflowing the stack', () => {
    expect(jsonDepthExceeds(nested(50_000), 32)).toBe(true);
    expect(jsonDepthExceeds(JSON.parse('{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000)), 32)).toBe(true);
  });
});
