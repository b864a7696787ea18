import { buildTracker } from '../build.mjs';

/** The snippet's size budget: minified and gzipped at level 9, at most 1 KiB (Plausible 2,670 B, Umami 2,223 B). */
const BUDGET_BYTES = 1024;

describe('tracker size', () => {
  it(`stays within ${BUDGET_BYTES} bytes gzipped`, async () => {
    const { code, rawBytes, gzipBytes } = await buildTracker();
    expect(rawBytes).toBe(Buffer.byteLength(code));
    expect(code).not.toMatch(/\n|\/\*/); // minified, no comments
    expect(gzipBytes).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
