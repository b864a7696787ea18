import { validateSync } from 'class-validator';
import { compileValidityCheck, VALIDATION_OPTIONS } from '@cairn/http';
import { EventDto, MAX_PROPS } from './event.dto.js';

/** Values each field is tried with, a good one first: right and wrong types, the edges of each length limit, empties. */
const TRIES: Record<string, unknown[]> = {
  site: ['example.com', '', 'x'.repeat(253), 'x'.repeat(254), 3, null],
  type: ['pageview', undefined, 'event', 'engagement', 'click', '', null, 1],
  url: ['https://example.com/a?utm_source=x', 'http://example.com', 'ftp://example.com/', 'not a url', '/relative', `https://example.com/${'a'.repeat(4100)}`, '', 7],
  referrer: ['https://news.ycombinator.com/', undefined, '', 'x'.repeat(4096), 'x'.repeat(4097), null, 5],
  title: ['Pricing', undefined, '', 'x'.repeat(2000), 'x'.repeat(2001), false],
  screen: ['1920x1080', undefined, '390x844', '123456x1', '1920×1080', '', 1920],
  name: [undefined, 'Signup', '', 'x'.repeat(120), 'x'.repeat(121), null, 4],
  props: [
    { plan: 'pro', seats: 3, trial: true },
    undefined,
    {},
    { nested: { a: 1 } },
    { list: [1] },
    { '': 'empty key' },
    { big: 'x'.repeat(501) },
    { infinite: Number.POSITIVE_INFINITY },
    Object.fromEntries(Array.from({ length: MAX_PROPS + 1 }, (_, i) => [`k${i}`, i])),
    'text',
    null,
  ],
  engagedMs: [undefined, 0, 42_000, 86_400_000, 86_400_001, -1, 1.5, '100', null],
};

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe('EventDto validity check', () => {
  const check = compileValidityCheck(EventDto, VALIDATION_OPTIONS);

  it('is available for EventDto (POST /api/event relies on it)', () => {
    expect(check).not.toBeNull();
  });

  it('answers as class-validator does on 20,000 bodies made from valid and invalid field values', () => {
    const next = random(7);
    const pick = <T>(values: T[]): T => values[Math.floor(next() * values.length)];
    let valid = 0;
    let invalid = 0;
    for (let i = 0; i < 20_000; i++) {
      const body: Record<string, unknown> = {};
      // Mostly good values, so that bodies valid in every field but one are common.
      for (const [field, values] of Object.entries(TRIES)) {
        const value = next() < 0.7 ? values[0] : pick(values);
        if (value !== undefined) body[field] = value;
      }
      if (body.type === 'event') body.name ??= 'Signup';
      if (i % 97 === 0) body.unexpected = 1;
      const dto = Object.assign(new EventDto(), body);
      const expected = validateSync(dto, VALIDATION_OPTIONS).length === 0;
      if (check!(dto) !== expected) throw new Error(`disagrees (class-validator: ${expected}) on ${JSON.stringify(body).slice(0, 300)}`);
      if (expected) valid++;
      else invalid++;
    }
    expect(valid).toBeGreaterThan(1_000);
    expect(invalid).toBeGreaterThan(1_000);
  });
});
