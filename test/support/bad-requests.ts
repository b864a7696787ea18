import type { RawRequest } from './raw-http.js';
import { FIREFOX } from './traffic.js';

/**
 * Malformed requests for every route of the API, generated from a seed so that a failure can be
 * replayed. Each request is invalid by construction: at least one of its changes makes it
 * invalid on its own, whatever else was changed (a later change never repairs an earlier one
 * without being invalid itself), so the server has no business accepting any of them.
 */

/** mulberry32: small, fast and the same on every machine. */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** 0 … n-1 */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)];
  }

  hex(length: number): string {
    let text = '';
    while (text.length < length) text += this.int(16).toString(16);
    return text;
  }

  /** A version 4 UUID drawn from the seed (no collision with a real key id to fear). */
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${this.pick(['8', '9', 'a', 'b'])}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  shuffle<T>(list: T[]): T[] {
    for (let i = list.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  }
}

/**
 * What the answer may be: a JSON `{ error }` with one of `statuses`, or (`gif`) the pixel's GIF; and,
 * when `wire` (the bytes were malformed below HTTP's semantics), a bodiless refusal by Node's parser.
 */
export interface Expectation {
  statuses: number[];
  gif: boolean;
  wire: boolean;
}

export interface BadRequest {
  index: number;
  /** `POST /api/event`, as the per-route tally shows it. */
  route: string;
  /** What was done to it, for a failure message. */
  changes: string[];
  request: RawRequest;
  expect: Expectation;
}

export interface Target {
  port: number;
  /** A registered site; no generated value is, or normalises to, its domain. */
  site: string;
  token: string;
}

// ---------------------------------------------------------------------------------------------
// Values

/** Text that is no domain, no URL, no date, no number in range: wrong wherever a value goes. */
const JUNK_TEXT = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\udfff\ud800',
  '💥💥',
  '\u202egnp.evil',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '"; DROP TABLE events; --',
  '‘ OR ‘1’=‘1’ --',
  '＇ OR ＇1＇=＇1',
  '../../../../etc/passwd',
  '%00',
  '%',
  '%E0%A4%A',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '{}',
  '[]',
  'null',
  'undefined',
  '\r\nX-Injected: 1',
  '\t',
  '${7*7}',
  '{{7*7}}',
  'a'.repeat(300),
];

/** Hosts `normalizeDomain` refuses (no IDN that would turn into a valid punycode name). */
const NOT_A_DOMAIN = [
  '',
  ' ',
  '\u0000',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '"; DROP TABLE sites; --',
  '‘; DROP TABLE sites; --’',
  '../../etc/passwd',
  '%00',
  '%',
  '{}',
  '[]',
  '\r\n',
  'a b.example',
  'exa_mple.com',
  '-x.example',
  'x-.example',
  '..',
  'a..b',
  `${'a'.repeat(64)}.example`,
  'a'.repeat(254),
  '*.example.com',
  'http://',
  'user@',
  '${7*7}.example',
];

const WRONG_TYPES: unknown[] = [0, -1, 1.5, true, false, null, [], ['x'], {}, { a: 1 }, 1e308, -1e308, 2 ** 53 + 2];
/** For optional fields, where null means "absent" and would be accepted. */
const WRONG_TYPES_NOT_NULL = WRONG_TYPES.filter((value) => value !== null);

/** JSON that is not JSON: written into the text as is (see `serialize`). */
const BAD_NUMBER_TOKENS = ['NaN', 'Infinity', '-Infinity', '0x10', '01', '.5', '+1', 'undefined', "'1'"];

const POLLUTION_PAYLOAD = {
  polluted: 'yes',
  site: 'polluted.example',
  domain: 'polluted.example',
  email: 'polluted@example.org',
  role: 'admin',
  isAdmin: true,
  name: 'polluted',
};

/** 100,000 characters (UTF-16 code units), mostly plain, sometimes ones JSON must escape or spell in several bytes. */
function huge(random: SeededRandom): string {
  const unit = random.pick(['x', 'x', 'x', 'é', '💥', '\\', '"', '\u0000']);
  return unit.repeat(100_000 / unit.length);
}

/** A value written raw into the JSON text (a bad number token, deep nesting, …). */
const RAW = '\u0001raw:';
const raw = (text: string) => `${RAW}${Buffer.from(text).toString('base64')}\u0001`;

/** JSON.stringify, then the raw placeholders replaced by their text. */
function serialize(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0001raw:([A-Za-z0-9+/=]*)\\u0001"/g, (_, text: string) => Buffer.from(text, 'base64').toString());
}

function deepNesting(random: SeededRandom, maxBytes: number): string {
  const depth = random.between(33, Math.max(34, Math.floor(maxBytes / 6)));
  return random.chance(0.5) ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Pollution attempts: harmless when the server is sound (the keys are dropped or refused), so never the only change. */
function pollute(body: Record<string, unknown>, random: SeededRandom): string {
  switch (random.int(3)) {
    case 0:
      Object.defineProperty(body, '__proto__', { value: { ...POLLUTION_PAYLOAD }, enumerable: true, configurable: true, writable: true });
      return '__proto__ key';
    case 1:
      Object.assign(body, { constructor: { prototype: { ...POLLUTION_PAYLOAD } } });
      return 'constructor.prototype key';
    default:
      body.prototype = { ...POLLUTION_PAYLOAD };
      return 'prototype key';
  }
}

// ---------------------------------------------------------------------------------------------
// Whole bodies

type Breaker = [label: string, make: (json: string, random: SeededRandom) => Buffer];

const text = (value: string) => Buffer.from(value, 'utf8');

/** Bodies that are not a JSON object, whatever the fields were. */
const BODY_BREAKERS: Breaker[] = [
  ['truncated JSON', (json, random) => text(json.slice(0, random.int(json.length)))],
  ['trailing garbage', (json, random) => text(json + random.pick(['x', '}', ',', ']', ' true', '{}', '\u0000']))],
  ['a comment in the JSON', (json) => text(`/* note */${json}`)],
  ['single-quoted JSON', (json) => text(json.replaceAll('"', "'"))],
  ['an empty body', () => Buffer.alloc(0)],
  ['whitespace only', () => text(' \n\t ')],
  ['a JSON array', (json) => text(`[${json}]`)],
  ['a JSON string', (json) => text(JSON.stringify(json))],
  ['a JSON number', () => text('42')],
  ['JSON null', () => text('null')],
  ['JSON true', () => text('true')],
  ['invalid UTF-8 for the opening brace', (json) => Buffer.concat([Buffer.from([0xff, 0xfe]), text(json.slice(1))])],
  ['invalid UTF-8 for a quote', (json) => Buffer.concat([text(json.slice(0, 1)), Buffer.from([0xc3, 0x28]), text(json.slice(2))])],
  [
    'binary garbage',
    (_, random) => Buffer.from([0xff, 0x00, ...Array.from({ length: random.between(1, 300) }, () => random.int(256))]),
  ],
  ['form-encoded', () => text('site=example.com&url=https%3A%2F%2Fexample.com%2F&email=a%40b.c&password=x')],
  ['XML', () => text('<?xml version="1.0"?><event><site>example.com</site></event>')],
  ['multipart', () => text('--x\r\nContent-Disposition: form-data; name="site"\r\n\r\nexample.com\r\n--x--\r\n')],
];

const BOM_BREAKER: Breaker = ['a byte-order mark', (json) => text(`\ufeff${json}`)];

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain;charset=UTF-8',
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'image/gif',
  'application/json; charset=utf-16le',
  '',
  '*/*',
  'application/json; boundary=\u00ff',
];

// ---------------------------------------------------------------------------------------------
// Building requests

interface Draft {
  route: string;
  method: string;
  path: string;
  query?: Array<[string, string]>;
  headers: Array<[string, string]>;
  body?: Buffer;
  changes: string[];
  expect: Expectation;
}

function jsonError(...statuses: number[]): Expectation {
  return { statuses, gif: false, wire: false };
}

/** encodeURIComponent, with a lone surrogate (on which it throws) sent as U+FFFD. */
const enc = (value: string) => encodeURIComponent(value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));

function pathWithQuery(draft: Draft): string {
  if (!draft.query?.length) return draft.path;
  // A value of \u0001 marks "written as is" (an invalid percent-encoding must reach the server unencoded).
  const parts = draft.query.map(([name, value]) => (value.startsWith('\u0001') ? `${enc(name)}=${value.slice(1)}` : `${enc(name)}=${enc(value)}`));
  return `${draft.path}?${parts.join('&')}`;
}

/** Picks 1–`max` distinct changes from a list and applies them in turn. */
function applySome<T>(random: SeededRandom, list: Array<[string, (subject: T, random: SeededRandom) => void]>, subject: T, max = 3): string[] {
  const chosen = random.shuffle([...list.keys()]).slice(0, random.between(1, max));
  return chosen.map((i) => {
    const [label, apply] = list[i];
    apply(subject, random);
    return label;
  });
}

/** A JSON body with its field changes, then maybe a broken whole body, odd content types and pollution keys. */
function jsonBody(
  draft: Draft,
  random: SeededRandom,
  body: Record<string, unknown>,
  fieldChanges: Array<[string, (body: Record<string, unknown>, random: SeededRandom) => void]>,
  options: { maxBytes: number; anyContentType: boolean; hugeField: string },
): void {
  if (random.chance(0.2)) draft.changes.push(pollute(body, random));
  // Now and then (they cost the most to send), a 100k-character value: too long for any field.
  if (random.chance(0.03)) {
    body[options.hugeField] = huge(random);
    draft.changes.push(`a 100k-character ${options.hugeField}`);
  }
  let bytes: Buffer;
  if (random.chance(0.25)) {
    // Express's parser skips a byte-order mark (as RFC 8259 allows); the event route's does not.
    const [label, make] = random.pick(options.anyContentType ? [...BODY_BREAKERS, BOM_BREAKER] : BODY_BREAKERS);
    draft.changes.push(label);
    bytes = make(serialize(body), random);
  } else if (random.chance(0.08)) {
    draft.changes.push('nested past any limit');
    // Not a pollution key: the event route drops those, and the nesting with them.
    const field = random.pick(Object.keys(body).filter((key) => !['__proto__', 'constructor', 'prototype'].includes(key)));
    body[field ?? 'x'] = raw(deepNesting(random, options.maxBytes));
    bytes = text(serialize(body));
  } else {
    draft.changes.push(...applySome(random, fieldChanges, body));
    bytes = text(serialize(body));
  }
  let contentType = 'application/json';
  if (options.anyContentType && random.chance(0.4)) {
    contentType = random.pick(CONTENT_TYPES);
    draft.changes.push(`content-type ${JSON.stringify(contentType)}`);
  }
  draft.headers.push(['Content-Type', contentType]);
  draft.body = bytes;
}

/** For routes Express parses: a content type it will not parse, an encoding it cannot undo, a charset it refuses. */
function expressBodyTwist(draft: Draft, random: SeededRandom): void {
  if (!random.chance(0.12)) return;
  const twist = random.int(3);
  if (twist === 0) {
    const type = random.pick(['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']);
    draft.headers = draft.headers.filter(([name]) => name !== 'Content-Type');
    draft.headers.push(['Content-Type', type]);
    draft.changes.push(`content-type ${type}`);
  } else if (twist === 1) {
    const encoding = random.pick(['gzip', 'deflate', 'br', 'compress', 'x-garbage']);
    draft.headers.push(['Content-Encoding', encoding]);
    draft.changes.push(`content-encoding ${encoding} on a plain body`);
  } else {
    const charset = random.pick(['latin1', 'utf-7x', 'ebcdic', 'koi8-r']);
    draft.headers = draft.headers.filter(([name]) => name !== 'Content-Type');
    draft.headers.push(['Content-Type', `application/json; charset=${charset}`]);
    draft.changes.push(`charset ${charset}`);
  }
}

function authorized(target: Target): Array<[string, string]> {
  return [['Authorization', `Bearer ${target.token}`]];
}

function randomIp(random: SeededRandom): string {
  return `${random.between(1, 223)}.${random.int(256)}.${random.int(256)}.${random.between(1, 254)}`;
}

// ---------------------------------------------------------------------------------------------
// Routes

/** POST /api/event: the tracker's route, JSON whatever the Content-Type, 8 KiB at most. */
function eventRequest(random: SeededRandom, target: Target, budget: Budget): Draft {
  const draft: Draft = {
    route: 'POST /api/event',
    method: 'POST',
    path: '/api/event',
    headers: [
      ['User-Agent', FIREFOX],
      ['X-Forwarded-For', randomIp(random)],
    ],
    changes: [],
    expect: jsonError(400, 404, 413),
  };
  const body: Record<string, unknown> = { site: target.site, url: `https://${target.site}/p/${random.int(50)}` };
  if (random.chance(0.3)) body.title = 'A page';
  if (random.chance(0.3)) body.referrer = 'https://www.google.com/';
  if (random.chance(0.3)) body.screen = '1920x1080';
  if (budget.takeMultiMegabyte(random)) {
    draft.changes.push('a multi-megabyte body');
    body.title = 'x'.repeat(random.between(2, 4) * 1024 * 1024);
  }
  jsonBody(draft, random, body, EVENT_CHANGES, { maxBytes: 8000, anyContentType: true, hugeField: random.pick(['site', 'url', 'title', 'name']) });
  if (random.chance(0.25)) {
    // The same route as a client or proxy may spell it: the body decides, not the spelling.
    draft.path = random.pick([`/api/event?cb=${random.int(1e9)}`, '/api/event/', '//api/event', '/api/event?']);
    draft.changes.push(`sent to ${draft.path}`);
  }
  return draft;
}

const EVENT_CHANGES: Array<[string, (body: Record<string, unknown>, random: SeededRandom) => void]> = [
  ['site of a wrong type', (b, r) => (b.site = r.pick(WRONG_TYPES))],
  ['no site', (b) => delete b.site],
  ['an unregistered site', (b, r) => (b.site = `unregistered-${r.int(1e6)}.example`)],
  ['a junk site', (b, r) => (b.site = r.pick(JUNK_TEXT))],
  ['url of a wrong type', (b, r) => (b.url = r.pick(WRONG_TYPES))],
  ['no url', (b) => delete b.url],
  [
    'a url that is no absolute http(s) URL',
    (b, r) =>
      (b.url = r.pick([
        '/pricing',
        'javascript:alert(1)',
        'ftp://x.example/',
        'data:text/html,<b>x</b>',
        'https://',
        'http//x',
        'file:///etc/passwd',
        'mailto:a@b.c',
        'ws://x.example/',
        'https://[::1',
        'https://exa mple.com/',
        'https://%zz/',
        'https:////',
        ...JUNK_TEXT,
      ])),
  ],
  ['a url over 4096 characters', (b, r) => (b.url = `https://x.example/${'a'.repeat(r.between(4100, 7000))}`)],
  ['an unknown type', (b, r) => (b.type = r.pick(['click', 'PAGEVIEW', '', ' pageview', 42, true, [], {}]))],
  [
    'an absurd screen',
    (b, r) =>
      (b.screen = r.pick(['99999999x1', '-1x-1', '1920*1080', 'NaNxNaN', 'Infinityx1', '1920x1080x1', 1920, '１９２０x１０８０', '', ' 1920x1080', '1e3x1e3', '123456x1', '0x', 'x', [1920, 1080], { w: 1 }])),
  ],
  [
    'a custom event without a name',
    (b) => {
      b.type = 'event';
      delete b.name;
    },
  ],
  [
    'a bad event name',
    (b, r) => {
      b.type = 'event';
      b.name = r.pick(['', 'x'.repeat(121), 42, [], {}, true]);
    },
  ],
  [
    'bad props',
    (b, r) => {
      b.type = 'event';
      b.name = 'Signup';
      b.props = r.pick<unknown>([
        { a: { b: 1 } },
        ['a'],
        'plan=pro',
        42,
        Object.fromEntries([...Array(31).keys()].map((i) => [`k${i}`, i])),
        { a: 'x'.repeat(501) },
        { '': 1 },
        { ['k'.repeat(65)]: 1 },
        { a: null },
        { a: [1] },
        { a: raw(r.pick(BAD_NUMBER_TOKENS)) },
        { a: raw('1e309') },
        raw(deepNesting(r, 4000)),
      ]);
    },
  ],
  [
    'a bad engagement',
    (b, r) => {
      b.type = 'engagement';
      const value = r.pick<unknown>(['absent', -1, 1.5, 86_400_001, '100', raw('NaN'), raw('Infinity'), raw('1e309'), true, [], {}]);
      if (value === 'absent') delete b.engagedMs;
      else b.engagedMs = value;
    },
  ],
  [
    'a bad revenue',
    (b, r) => {
      b.type = r.pick(['event', 'event', 'event', 'pageview', 'engagement']);
      b.name = 'Purchase';
      if (b.type === 'engagement') b.engagedMs = 1000;
      b.revenue =
        b.type === 'event'
          ? r.pick<unknown>([
              { amount: -1, currency: 'EUR' },
              { amount: 'abc', currency: 'EUR' },
              { amount: '19.999', currency: 'EUR' },
              { amount: 1.005, currency: 'EUR' },
              { amount: 1e20, currency: 'EUR' },
              { amount: raw('1e309'), currency: 'EUR' },
              { amount: '', currency: 'EUR' },
              { amount: true, currency: 'EUR' },
              { amount: 10, currency: r.pick(['EURO', 'eur', 'E', '', 'ZZZ', 42, null]) },
              { amount: 10 },
              { currency: 'EUR' },
              { amount: 10, currency: 'EUR', tax: 2 },
              10,
              '10 EUR',
              [],
              [10, 'EUR'],
            ])
          : { amount: 10, currency: 'EUR' }; // revenue belongs to custom events only
    },
  ],
  [
    'a bad scroll depth',
    (b, r) => {
      b.type = 'engagement';
      b.engagedMs = 1000;
      b.scrollDepth = r.pick<unknown>([-1, 1_000_001, 1.5, '50', true, [], {}, null, raw('NaN'), raw('1e309')]);
    },
  ],
  [
    'an unknown field',
    (b, r) => (b[r.pick(['ip', 'userAgent', 'visitorId', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__', '', ' ', 'site ', 'URL', 'Site', '\u0000', 'isAdmin'])] = r.pick(['1.2.3.4', 1, true])),
  ],
  ['a title over 2000 characters', (b, r) => (b.title = 'x'.repeat(r.between(2001, 3000)))],
  ['a title of a wrong type', (b, r) => (b.title = r.pick(WRONG_TYPES_NOT_NULL))],
  [
    'a lone surrogate or NUL in the title, the name, a prop key or a prop value',
    (b, r) => {
      const bad = r.pick(['\ud800', '\udfff', '\u0000', 'a\u0000', '\ud83d.']);
      const where = r.pick(['title', 'name', 'key', 'value']);
      if (where === 'title') b.title = `A page ${bad}`;
      else {
        b.type = 'event';
        b.name = where === 'name' ? `Sign${bad}up` : 'Signup';
        if (where !== 'name') b.props = where === 'key' ? { [`plan${bad}`]: 'pro' } : { plan: `pro${bad}` };
      }
    },
  ],
  [
    'a prop key that prop:<key> cannot name',
    (b, r) => {
      b.type = 'event';
      b.name = 'Signup';
      b.props = { plan: 'pro', [r.pick(['<b>key</b>', 'a/b', 'plan:pro', '"q"', "it's", 'a\tb', 'k=v', '{x}', 'a,b'])]: 'x' };
    },
  ],
  ['a site with a path, credentials, a port or a scheme', (b, r) => (b.site = r.pick([`${b.site}/x`, `user:pw@${b.site}`, `${b.site}:443`, `https://${b.site}`, `${b.site}?x`, `${b.site}%2Fx`, `//${b.site}`]))],
  ['a referrer over 4096 characters', (b, r) => (b.referrer = `https://r.example/${'x'.repeat(r.between(4100, 6000))}`)],
  ['a referrer of a wrong type', (b, r) => (b.referrer = r.pick(WRONG_TYPES_NOT_NULL))],
];

/** GET /pixel.gif: answers the GIF whatever comes; records nothing unless the parameters are valid. */
function pixelRequest(random: SeededRandom, target: Target): Draft {
  const query: Array<[string, string]> = [
    ['site', target.site],
    ['path', `/p/${random.int(50)}`],
  ];
  if (random.chance(0.4)) query.push(['title', 'A page']);
  if (random.chance(0.3)) query.push(['referrer', 'https://www.google.com/']);
  const draft: Draft = {
    route: 'GET /pixel.gif',
    method: 'GET',
    path: '/pixel.gif',
    query,
    headers: [
      ['User-Agent', FIREFOX],
      ['X-Forwarded-For', randomIp(random)],
    ],
    changes: [],
    expect: { statuses: [], gif: true, wire: false },
  };
  // Replaced, never added: the pixel reads the first of repeated parameters, so an added one would change nothing.
  const set = (name: string, value: string) => {
    const at = query.findIndex(([key]) => key === name);
    if (at >= 0) query[at] = [name, value];
    else query.push([name, value]);
  };
  const setSite = (value: string) => set('site', value);
  draft.changes.push(
    ...applySome<Array<[string, string]>>(random, [
      ['no site', (q) => q.splice(0, q.length, ...q.filter(([name]) => name !== 'site'))],
      ['an empty site', () => setSite('')],
      ['an unregistered site', (_, r) => setSite(`unregistered-${r.int(1e6)}.example`)],
      ['a junk site', (_, r) => setSite(r.pick(JUNK_TEXT.filter(Boolean)))],
      ['a site over 253 characters', (_, r) => setSite('a'.repeat(r.between(254, 2000)))],
      [
        'the site twice, an unregistered one first',
        (q, r) => {
          setSite(`unregistered-${r.int(1e6)}.example`);
          q.push(['site', target.site]);
        },
      ],
      ['a title over 2000 characters', (_, r) => set('title', 'x'.repeat(r.between(2001, 5000)))],
      ['a site with a path or credentials', (_, r) => setSite(r.pick([`${target.site}/x`, `user:pw@${target.site}`, `${target.site}:8080`, `https://${target.site}`]))],
      ['NUL in the title or the path', (_, r) => set(r.pick(['title', 'path']), r.pick(['a\u0000b', '/p\u0000']))],
      ['a path making the URL longer than 4096', (_, r) => set('path', `/${'a'.repeat(r.between(4100, 9000))}`)],
      ['a referrer over 4096 characters', (_, r) => set('referrer', `https://r.example/${'x'.repeat(r.between(4100, 9000))}`)],
    ], query),
  );
  // The change above decides; these may come along and must change nothing.
  if (random.chance(0.3)) {
    query.push(['resolution', random.pick(['99999999,1', '-1,-1', 'NaN,NaN', '1920x1080', ',', 'Infinity,1', '1e309,1', ''])]);
    draft.changes.push('an absurd resolution');
  }
  if (random.chance(0.15)) {
    query.push(random.pick<[string, string]>([['__proto__[site]', target.site], ['constructor[prototype][site]', target.site], ['__proto__', 'x'], ['__proto__.site', target.site]]));
    draft.changes.push('a prototype-pollution parameter');
  }
  if (random.chance(0.15)) {
    query.push(random.pick<[string, string]>([['title', '\u0001%E0%A4%A'], ['path', '\u0001%ZZ'], ['referrer', '\u0001%']]));
    draft.changes.push('an invalid percent-encoding');
  }
  if (random.chance(0.15)) {
    query.push(['path', '/second'], ['utm_source', 'x'], ['foo', 'bar']);
    draft.changes.push('repeated and unknown parameters');
  }
  return draft;
}

/** POST /api/auth/login: never the right password. */
function loginRequest(random: SeededRandom, _target: Target, budget: Budget, adminEmail: string): Draft {
  const draft: Draft = {
    route: 'POST /api/auth/login',
    method: 'POST',
    path: '/api/auth/login',
    headers: [['X-Forwarded-For', randomIp(random)]],
    changes: [],
    expect: jsonError(400, 401, 413, 415),
  };
  const body: Record<string, unknown> = { email: random.chance(0.5) ? adminEmail : `someone-${random.int(1000)}@example.org`, password: `guess-${random.hex(8)}` };
  if (budget.takeMultiMegabyte(random)) {
    draft.changes.push('a multi-megabyte body');
    body.password = 'x'.repeat(random.between(2, 4) * 1024 * 1024);
  }
  const changes: Array<[string, (body: Record<string, unknown>, random: SeededRandom) => void]> = [
    ['email of a wrong type', (b, r) => (b.email = r.pick(WRONG_TYPES))],
    ['no email', (b) => delete b.email],
    [
      'something that is not an email',
      (b, r) => (b.email = r.pick(['not-an-email', 'a@', '@b.c', 'a b@c.d', "admin' OR '1'='1", `${adminEmail}' --`, '<script>@x.y', ...JUNK_TEXT])),
    ],
    ['an email over 254 characters', (b, r) => (b.email = `${'a'.repeat(r.between(250, 400))}@example.org`)],
    ['password of a wrong type', (b, r) => (b.password = r.pick(WRONG_TYPES))],
    ['no password', (b) => delete b.password],
    ['an empty password', (b) => (b.password = '')],
    ['a password over 1024 characters', (b, r) => (b.password = 'x'.repeat(r.between(1025, 5000)))],
    ['an unknown field', (b, r) => (b[r.pick(['role', 'isAdmin', 'token', 'remember', 'userId', 'constructor', 'toString'])] = r.pick(['admin', true, 1]))],
  ];
  // A well-formed attempt with a wrong password now and then: 401, and a password hash computed.
  if (random.chance(0.06)) {
    draft.changes.push('a wrong password');
    draft.headers.push(['Content-Type', 'application/json']);
    draft.body = text(serialize(body));
    return draft;
  }
  jsonBody(draft, random, body, changes, { maxBytes: 100_000, anyContentType: false, hugeField: random.pick(['email', 'password']) });
  expressBodyTwist(draft, random);
  return draft;
}

/** POST /api/sites: never a domain that would register. */
function createSiteRequest(random: SeededRandom, target: Target): Draft {
  const draft: Draft = {
    route: 'POST /api/sites',
    method: 'POST',
    path: '/api/sites',
    headers: authorized(target),
    changes: [],
    expect: jsonError(400, 413, 415),
  };
  const body: Record<string, unknown> = { domain: `generated-${random.int(1e6)}.example`, timezone: 'Europe/Paris' };
  jsonBody(
    draft,
    random,
    body,
    [
      ['domain of a wrong type', (b, r) => (b.domain = r.pick(WRONG_TYPES))],
      ['no domain', (b) => delete b.domain],
      ['no domain at all in the text', (b, r) => (b.domain = r.pick(NOT_A_DOMAIN))],
      [
        'an unknown time zone',
        (b, r) => (b.timezone = r.pick(['Mars/Olympus', 'UTC+25', '', 'Europe/Paris\u0000', '../../etc/localtime', 'Etc/GMT+99', 42, true, [], {}, 'Europe/Nowhere', "'; DROP TABLE sites; --"])),
      ],
      ['an unknown field', (b, r) => (b[r.pick(['owner', 'ownerId', 'id', 'createdAt', 'hasOwnProperty', 'isPrototypeOf'])] = r.pick([1, 2, 0, 'admin']))],
    ],
    { maxBytes: 100_000, anyContentType: false, hugeField: 'domain' },
  );
  expressBodyTwist(draft, random);
  return draft;
}

/** GET and DELETE /api/sites/:domain with a domain that is none (never a registered one). */
function siteByDomainRequest(method: 'GET' | 'DELETE') {
  return (random: SeededRandom, target: Target): Draft => {
    const domain = random.chance(0.2) ? `unregistered-${random.int(1e6)}.example` : random.pick([...NOT_A_DOMAIN.filter(Boolean), '%E0%A4%A', '%2F', '%2e%2e', '%25', 'a%00b']);
    const encoded = /%[0-9A-Za-z]{0,2}/.test(domain) && !/\s/.test(domain) && domain.length < 20 ? domain : enc(domain);
    return {
      route: `${method} /api/sites/:domain`,
      method,
      path: `/api/sites/${encoded}`,
      headers: authorized(target),
      changes: [`domain ${JSON.stringify(domain.slice(0, 40))}`],
      expect: jsonError(400, 404),
    };
  };
}

/** A domain for a path that is none, or one nobody registered (never the target's). */
function badPathDomain(random: SeededRandom): { domain: string; encoded: string } {
  const domain = random.chance(0.3) ? `unregistered-${random.int(1e6)}.example` : random.pick([...NOT_A_DOMAIN.filter(Boolean), '%E0%A4%A', '%2F', '%2e%2e', '%25', 'a%00b']);
  const encoded = /%[0-9A-Za-z]{0,2}/.test(domain) && !/\s/.test(domain) && domain.length < 20 ? domain : enc(domain);
  return { domain, encoded };
}

/** A user id for a path that is none: not a positive 32-bit integer. */
const BAD_USER_IDS = ['0', '-1', '1.5', '1e3', '0x10', '01', '2147483648', '99999999999999999999', 'abc', ' 1', '1 OR 1=1', "' OR '1'='1", '%00', 'null', 'NaN', 'Infinity', '１'];

/** PATCH /api/sites/:domain: a domain that is none, or the site with a body that is wrong. */
function updateSiteRequest(random: SeededRandom, target: Target): Draft {
  if (random.chance(0.3)) {
    const { domain, encoded } = badPathDomain(random);
    const draft: Draft = { route: 'PATCH /api/sites/:domain', method: 'PATCH', path: `/api/sites/${encoded}`, headers: authorized(target), changes: [`domain ${JSON.stringify(domain.slice(0, 40))}`], expect: jsonError(400, 404) };
    draft.headers.push(['Content-Type', 'application/json']);
    draft.body = text(JSON.stringify({ timezone: 'UTC' }));
    return draft;
  }
  const draft: Draft = { route: 'PATCH /api/sites/:domain', method: 'PATCH', path: `/api/sites/${target.site}`, headers: authorized(target), changes: [], expect: jsonError(400, 413, 415) };
  jsonBody(
    draft,
    random,
    { timezone: 'Europe/Paris' },
    [
      ['an unknown time zone', (b, r) => (b.timezone = r.pick(['Mars/Olympus', 'UTC+25', '', 'Europe/Paris\u0000', '../../etc/localtime', 'Etc/GMT+99', 42, true, [], {}, "'; DROP TABLE sites; --"]))],
      ['an unknown field', (b, r) => (b[r.pick(['domain', 'ownerId', 'id', 'createdAt', 'role', 'hasOwnProperty'])] = r.pick([1, 'admin', 'other.example']))],
      [
        'hostnames that are no host patterns',
        (b, r) => (b.hostnames = r.pick<unknown>([['https://x.example'], ['x.example/path'], ['*x.example'], [''], ['a b.example'], 'x.example', [42], [null], {}, ['x'.repeat(300)], Array(101).fill('x.example')])),
      ],
      [
        'exclusions that are malformed',
        (b, r) =>
          (b.exclusions = r.pick<unknown>([
            { ips: ['10.0.0.0/33'] },
            { ips: ['not an address'] },
            { ips: '10.0.0.1' },
            { countries: ['Germany'] },
            { countries: [1] },
            { paths: ['no-slash'] },
            { paths: ['/with space'] },
            { extra: [] },
            { ips: Array(101).fill('10.0.0.1') },
            [],
            'none',
            null,
          ])),
      ],
    ],
    { maxBytes: 100_000, anyContentType: false, hugeField: 'timezone' },
  );
  expressBodyTwist(draft, random);
  return draft;
}

/** GET /api/sites/:domain/members: a domain that is none. */
function listMembersRequest(random: SeededRandom, target: Target): Draft {
  const { domain, encoded } = badPathDomain(random);
  return { route: 'GET /api/sites/:domain/members', method: 'GET', path: `/api/sites/${encoded}/members`, headers: authorized(target), changes: [`domain ${JSON.stringify(domain.slice(0, 40))}`], expect: jsonError(400, 404) };
}

/** PUT /api/sites/:domain/members/:userId: a bad id or domain, or a body that names no role. */
function setMemberRequest(random: SeededRandom, target: Target): Draft {
  const route = 'PUT /api/sites/:domain/members/:userId';
  const choice = random.int(3);
  if (choice < 2) {
    const { domain, encoded } = choice === 0 ? badPathDomain(random) : { domain: target.site, encoded: target.site };
    const id = choice === 0 ? String(random.between(1, 5)) : random.pick(BAD_USER_IDS);
    const draft: Draft = { route, method: 'PUT', path: `/api/sites/${encoded}/members/${enc(id)}`, headers: authorized(target), changes: [`domain ${JSON.stringify(domain.slice(0, 40))}, user ${JSON.stringify(id)}`], expect: jsonError(400, 404) };
    draft.headers.push(['Content-Type', 'application/json']);
    draft.body = text(JSON.stringify({ role: 'viewer' }));
    return draft;
  }
  const draft: Draft = { route, method: 'PUT', path: `/api/sites/${target.site}/members/${random.between(1, 5)}`, headers: authorized(target), changes: [], expect: jsonError(400, 413, 415) };
  jsonBody(
    draft,
    random,
    { role: 'viewer' },
    [
      ['no role', (b) => delete b.role],
      ['an unknown role', (b, r) => (b.role = r.pick(['superuser', 'Owner', 'OWNER', ' admin', '', 'member', 'root', "owner' --"]))],
      ['a role of a wrong type', (b, r) => (b.role = r.pick(WRONG_TYPES))],
      ['an unknown field', (b, r) => (b[r.pick(['userId', 'siteId', 'email', 'isAdmin', 'toString'])] = r.pick([1, 'owner', true]))],
    ],
    { maxBytes: 100_000, anyContentType: false, hugeField: 'role' },
  );
  expressBodyTwist(draft, random);
  return draft;
}

/** DELETE /api/sites/:domain/members/:userId: a bad id, a domain that is none, or nobody's id. */
function removeMemberRequest(random: SeededRandom, target: Target): Draft {
  const { domain, encoded } = random.chance(0.4) ? badPathDomain(random) : { domain: target.site, encoded: target.site };
  const id = domain === target.site ? (random.chance(0.3) ? String(random.between(1_000_000, 2_000_000_000)) : random.pick(BAD_USER_IDS)) : String(random.between(1, 5));
  return {
    route: 'DELETE /api/sites/:domain/members/:userId',
    method: 'DELETE',
    path: `/api/sites/${encoded}/members/${enc(id)}`,
    headers: authorized(target),
    changes: [`domain ${JSON.stringify(domain.slice(0, 40))}, user ${JSON.stringify(id)}`],
    expect: jsonError(400, 404),
  };
}

const NOT_AN_EMAIL = ['not-an-email', 'a@', '@b.c', 'a b@c.d', "admin' OR '1'='1", '<script>@x.y', ...JUNK_TEXT];

/** POST /api/invitations: never one that would invite anyone. */
function createInvitationRequest(random: SeededRandom, target: Target): Draft {
  const draft: Draft = { route: 'POST /api/invitations', method: 'POST', path: '/api/invitations', headers: authorized(target), changes: [], expect: jsonError(400, 404, 413, 415) };
  jsonBody(
    draft,
    random,
    { email: `invited-${random.int(1e6)}@example.org`, site: target.site, role: 'viewer' },
    [
      ['no email', (b) => delete b.email],
      ['something that is not an email', (b, r) => (b.email = r.pick(NOT_AN_EMAIL))],
      ['an email of a wrong type', (b, r) => (b.email = r.pick(WRONG_TYPES))],
      ['an email over 254 characters', (b, r) => (b.email = `${'a'.repeat(r.between(250, 400))}@example.org`)],
      ['no site', (b) => delete b.site],
      ['a site that is none', (b, r) => (b.site = r.pick(NOT_A_DOMAIN))],
      ['an unregistered site', (b, r) => (b.site = `unregistered-${r.int(1e6)}.example`)],
      ['no role', (b) => delete b.role],
      ['an unknown role', (b, r) => (b.role = r.pick(['superuser', 'Owner', '', 'member', 42, true, [], {}]))],
      ['an unknown field', (b, r) => (b[r.pick(['token', 'expiresAt', 'invitedBy', 'acceptedAt', 'toString'])] = r.pick([1, 'x', true]))],
    ],
    { maxBytes: 100_000, anyContentType: false, hugeField: random.pick(['email', 'site']) },
  );
  expressBodyTwist(draft, random);
  return draft;
}

/** GET /api/invitations?site=: no site, one that is none, or nobody's. */
function listInvitationsRequest(random: SeededRandom, target: Target): Draft {
  const query: Array<[string, string]> = [];
  const choice = random.int(4);
  if (choice === 1) query.push(['site', random.pick(NOT_A_DOMAIN)]);
  if (choice === 2) query.push(['site', `unregistered-${random.int(1e6)}.example`]);
  if (choice === 3) query.push(['site', target.site], [random.pick(['role', 'email', 'limit', 'token', 'offset']), 'x']);
  return { route: 'GET /api/invitations', method: 'GET', path: '/api/invitations', query, headers: authorized(target), changes: [`query ${JSON.stringify(query).slice(0, 80)}`], expect: jsonError(400, 404) };
}

/** DELETE /api/invitations/:id: not a UUID, or one no invitation has. */
function deleteInvitationRequest(random: SeededRandom, target: Target): Draft {
  const id = random.chance(0.3) ? random.uuid() : random.pick(['1', '1 OR 1=1', "' OR '1'='1", '00000000-0000-0000-0000-00000000000g', '..', '%00', 'null', random.hex(32)]);
  return { route: 'DELETE /api/invitations/:id', method: 'DELETE', path: `/api/invitations/${enc(id)}`, headers: authorized(target), changes: [`id ${JSON.stringify(id)}`], expect: jsonError(400, 404) };
}

/** POST /api/invitations/accept: public; never a token an invitation has. */
function acceptInvitationRequest(random: SeededRandom): Draft {
  const draft: Draft = { route: 'POST /api/invitations/accept', method: 'POST', path: '/api/invitations/accept', headers: [['X-Forwarded-For', randomIp(random)]], changes: [], expect: jsonError(400, 404, 413, 415) };
  const body = { token: `ci_${Buffer.from(random.hex(64), 'hex').toString('base64url').slice(0, 43)}`, password: `guess-${random.hex(8)}-long` };
  if (random.chance(0.1)) {
    draft.changes.push('a token no invitation has');
    draft.headers.push(['Content-Type', 'application/json']);
    draft.body = text(serialize(body));
    return draft;
  }
  jsonBody(
    draft,
    random,
    body,
    [
      ['no token', (b) => delete b.token],
      ['a token of a wrong type', (b, r) => (b.token = r.pick(WRONG_TYPES))],
      ['a token of another shape', (b, r) => (b.token = r.pick(['', 'ci_', 'cs_abc', 'ci_short', `ci_${'a'.repeat(44)}`, "ci_' OR '1'='1", ...JUNK_TEXT]))],
      ['no password', (b) => delete b.password],
      ['an empty password', (b) => (b.password = '')],
      ['a password of a wrong type', (b, r) => (b.password = r.pick(WRONG_TYPES))],
      ['a password over 1024 characters', (b, r) => (b.password = 'x'.repeat(r.between(1025, 5000)))],
      ['an unknown field', (b, r) => (b[r.pick(['email', 'role', 'site', 'isAdmin', 'toString'])] = r.pick(['owner', true, 1]))],
    ],
    { maxBytes: 100_000, anyContentType: false, hugeField: random.pick(['token', 'password']) },
  );
  expressBodyTwist(draft, random);
  return draft;
}

/** POST /api/auth/password: never the right current password, or a new one that is not allowed. */
function changePasswordRequest(random: SeededRandom, target: Target): Draft {
  const draft: Draft = { route: 'POST /api/auth/password', method: 'POST', path: '/api/auth/password', headers: authorized(target), changes: [], expect: jsonError(400, 401, 413, 415) };
  const body = { currentPassword: `guess-${random.hex(8)}`, newPassword: `a new password ${random.hex(8)}` };
  if (random.chance(0.1)) {
    draft.changes.push('a wrong current password');
    draft.headers.push(['Content-Type', 'application/json']);
    draft.body = text(serialize(body));
    return draft;
  }
  jsonBody(
    draft,
    random,
    body,
    [
      ['no current password', (b) => delete b.currentPassword],
      ['an empty current password', (b) => (b.currentPassword = '')],
      ['a current password of a wrong type', (b, r) => (b.currentPassword = r.pick(WRONG_TYPES))],
      ['no new password', (b) => delete b.newPassword],
      ['a new password under 10 characters', (b, r) => (b.newPassword = 'x'.repeat(r.int(10)))],
      ['a new password over 1024 characters', (b, r) => (b.newPassword = 'x'.repeat(r.between(1025, 5000)))],
      ['a new password of a wrong type', (b, r) => (b.newPassword = r.pick(WRONG_TYPES))],
      ['an unknown field', (b, r) => (b[r.pick(['email', 'userId', 'role', 'toString'])] = r.pick(['admin', 1, true]))],
    ],
    { maxBytes: 100_000, anyContentType: false, hugeField: random.pick(['currentPassword', 'newPassword']) },
  );
  expressBodyTwist(draft, random);
  return draft;
}

/** The stats calls, the export and GET /api/live: a query string with at least one bad parameter. */
function statsRequest(kind: 'summary' | 'timeseries' | 'breakdown' | 'prop-keys' | 'export' | 'live') {
  return (random: SeededRandom, target: Target): Draft => {
    const path = kind === 'export' ? '/api/export' : kind === 'live' ? '/api/live' : `/api/stats/${kind}`;
    const query: Array<[string, string]> = [['site', target.site]];
    if (kind !== 'live') query.push(['period', random.pick(['7d', '30d', 'today'])]);
    if (kind === 'breakdown') query.push(['dimension', random.pick(['page', 'source', 'country', 'prop:plan'])]);
    const draft: Draft = { route: `GET ${path}`, method: 'GET', path, query, headers: authorized(target), changes: [], expect: jsonError(400, 404) };
    // Every occurrence: removing one of two would leave a valid request.
    const remove = (name: string) => query.splice(0, query.length, ...query.filter(([key]) => key !== name));
    const set = (name: string, value: string) => {
      remove(name);
      query.push([name, value]);
    };
    type Change = [string, (q: Array<[string, string]>, random: SeededRandom) => void];
    const siteChanges: Change[] = [
      ['no site', () => remove('site')],
      ['the site twice', (q) => {
        remove('site');
        q.push(['site', target.site], ['site', target.site]);
      }],
      ['an unregistered site', (_, r) => set('site', `unregistered-${r.int(1e6)}.example`)],
      ['a junk site', (_, r) => set('site', r.pick(NOT_A_DOMAIN))],
      ['a long site', (_, r) => set('site', 'a'.repeat(r.between(254, 8000)))],
      ['an unknown parameter', (q, r) => q.push([r.pick(['foo', 'sort', 'order', 'format ', 'constructor', 'site[]', 'filter', 'toString', '__proto__', 'hasOwnProperty']), r.pick(['1', 'visitors', 'desc', ''])])],
    ];
    const sliceChanges: Change[] = [
      ['an unknown period', (_, r) => set('period', r.pick(['7', '7days', 'forever', '', 'ALL', '30D', "7d' OR 1=1 --", 'week']))],
      ['the period twice', (q) => {
        remove('period');
        q.push(['period', '7d'], ['period', '7d']);
      }],
      [
        'a start and an end that are no time',
        (_, r) => {
          remove('period');
          const bad = () => r.pick(['NaN', 'Infinity', '1e309', 'tomorrow', '2026-02-30', '2026-13-01', '99999-01-01', '-8640000000001', '0x10', '١٢٣', '12:00', '2026-01-01T25:00:00Z', '', "2026-01-01' OR 1=1 --"]);
          query.push(['start', bad()], ['end', r.chance(0.5) ? bad() : '2026-01-31']);
        },
      ],
      [
        'a start without an end',
        (_, r) => {
          remove('period');
          query.push([r.pick(['start', 'end']), '2026-01-01']);
        },
      ],
      ['a period and a start', (q) => q.push(['start', '2026-01-01'], ['end', '2026-01-31'])],
      ['a slice of more than 20 years', (_, r) => {
        remove('period');
        query.push(['start', String(r.between(0, 1000))], ['end', String(2_000_000_000 + r.int(1000))]);
      }],
      ['an unknown filter dimension', (q, r) => q.push([`filter.${r.pick(['pagee', 'ip', 'user_agent', "page' OR 1=1 --", 'prop:', 'prop:a"b', '__proto__'])}`, 'x'])],
      ['an empty filter value', (q, r) => q.push([`filter.${r.pick(['page', 'source', 'country'])}`, ''])],
      ['a filter value over 1024 characters', (q, r) => q.push(['filter.page', `/${'x'.repeat(r.between(1025, 4000))}`])],
    ];
    // prop-keys always reads raw events and does not look at `source`.
    if (kind !== 'prop-keys') sliceChanges.push(['an unknown source', (q, r) => q.push(['source', r.pick(['rollups', '', 'RAW', 'db'])])]);
    const own: Change[] = [];
    if (kind === 'summary') own.push(['an unknown compare', (q, r) => q.push(['compare', r.pick(['next', '', 'PREVIOUS', 'true'])])]);
    if (kind === 'timeseries') {
      own.push(['an unknown interval', (q, r) => q.push(['interval', r.pick(['second', 'MINUTE', 'days', '', 'year', '1h'])])]);
      own.push(['minute buckets over 30 days', (q) => {
        set('period', '30d');
        q.push(['interval', 'minute']);
      }]);
    }
    if (kind === 'breakdown') {
      own.push(['no dimension', () => remove('dimension')]);
      own.push(['an unknown dimension', (_, r) => set('dimension', r.pick(['pages', 'page;DROP TABLE events', 'prop:', "prop:a'b", 'prop:a"b', 'PAGE', `prop:${'x'.repeat(65)}`, 'ip', '']))]);
      own.push(['a bad limit', (q, r) => q.push(['limit', r.pick(['-1', '0', '1001', '1.5', 'ten', '1e3', '', ' 1', '0x10', '１０', '10; DROP TABLE events'])])]);
      own.push(['a bad offset', (q, r) => q.push(['offset', r.pick(['-1', '10000001', 'x', '1.5', '0 OR 1=1'])])]);
    }
    if (kind === 'prop-keys') {
      own.push(['an empty event', (q) => q.push(['event', ''])]);
      own.push(['the event twice', (q) => q.push(['event', 'Signup'], ['event', 'Signup'])]);
      own.push(['a bad limit', (q, r) => q.push(['limit', r.pick(['-1', '0', '1001', '1.5', 'ten', '', '１０'])])]);
    }
    if (kind === 'export') {
      own.push(['an unknown dataset', (q, r) => q.push(['dataset', r.pick(['xx', 'users', 'auth_tokens', '', 'events;', 'prop:'])])]);
      own.push(['an unknown format', (q, r) => q.push(['format', r.pick(['xlsx', 'json', '', 'csv;', 'html'])])]);
    }
    const changes: Change[] = kind === 'live' ? [...siteChanges.slice(0, 5), ['an unknown parameter', (q, r) => q.push([r.pick(['period', 'foo', 'limit', 'site[x]', 'toString', 'constructor', '__proto__', 'hasOwnProperty']), '1'])]] : [...siteChanges, ...sliceChanges, ...own];
    draft.changes.push(...applySome(random, changes, query));
    return draft;
  };
}

/** POST /api/stats/funnel. */
function funnelRequest(random: SeededRandom, target: Target): Draft {
  const draft: Draft = {
    route: 'POST /api/stats/funnel',
    method: 'POST',
    path: '/api/stats/funnel',
    headers: authorized(target),
    changes: [],
    expect: jsonError(400, 404, 413, 415),
  };
  const body: Record<string, unknown> = { site: target.site, period: '30d', steps: [{ page: '/' }, { page: '/pricing' }, { event: 'Signup' }] };
  // A step change is invalid by itself, so it may bring back a list an earlier change took away.
  const steps = (b: Record<string, unknown>) => (Array.isArray(b.steps) ? b.steps : (b.steps = [{ page: '/' }, { page: '/pricing' }, { event: 'Signup' }])) as unknown[];
  jsonBody(
    draft,
    random,
    body,
    [
      ['site of a wrong type', (b, r) => (b.site = r.pick(WRONG_TYPES))],
      ['no site', (b) => delete b.site],
      ['an unregistered site', (b, r) => (b.site = `unregistered-${r.int(1e6)}.example`)],
      ['no steps', (b) => delete b.steps],
      ['steps that are no list', (b, r) => (b.steps = r.pick<unknown>(['/', 42, { page: '/' }, true]))],
      ['one step', (b) => (b.steps = [{ page: '/' }])],
      ['nine steps', (b) => (b.steps = Array.from({ length: 9 }, (_, i) => ({ page: `/${i}` })))],
      ['a step that is neither page nor event', (b, r) => (steps(b)[1] = r.pick<unknown>([{}, { url: '/' }, 42, 'x', null]))],
      ['an empty step page', (b) => (steps(b)[0] = { page: '' })],
      ['a step page over 1024 characters', (b, r) => (steps(b)[0] = { page: `/${'x'.repeat(r.between(1024, 5000))}` })],
      ['a step event over 120 characters', (b) => (steps(b)[2] = { event: 'x'.repeat(121) })],
      ['a step of a wrong type', (b, r) => (steps(b)[0] = { page: r.pick(WRONG_TYPES_NOT_NULL) })],
      ['a step with an unknown field', (b, r) => (steps(b)[0] = { page: '/', [r.pick(['sql', 'hasOwnProperty', 'toString'])]: "' OR 1=1 --" })],
      ['an unknown period', (b, r) => (b.period = r.pick(['forever', '', 42, '7D']))],
      ['a start without an end', (b) => {
        delete b.period;
        b.start = '2026-01-01';
      }],
      ['filters that are no object', (b, r) => (b.filters = r.pick<unknown>(['page=/', 42, ['page'], true]))],
      ['a filter on an unknown dimension', (b, r) => (b.filters = { [r.pick(['pagee', 'ip', "page' OR 1=1"])]: '/' })],
      ['an empty filter value', (b) => (b.filters = { page: '' })],
      ['an unknown field', (b, r) => (b[r.pick(['sort', 'limit', 'owner', 'ip', 'toString', 'hasOwnProperty'])] = 1)],
    ],
    { maxBytes: 100_000, anyContentType: false, hugeField: random.pick(['site', 'period']) },
  );
  expressBodyTwist(draft, random);
  return draft;
}

/** POST /api/keys: never a name that would make a key. */
function createKeyRequest(random: SeededRandom, target: Target): Draft {
  const draft: Draft = { route: 'POST /api/keys', method: 'POST', path: '/api/keys', headers: authorized(target), changes: [], expect: jsonError(400, 413, 415) };
  jsonBody(
    draft,
    random,
    { name: 'nightly export' },
    [
      ['no name', (b) => delete b.name],
      ['an empty name', (b) => (b.name = '')],
      ['a name over 100 characters', (b, r) => (b.name = 'x'.repeat(r.between(101, 2000)))],
      ['a name of a wrong type', (b, r) => (b.name = r.pick(WRONG_TYPES))],
      ['an unknown field', (b, r) => (b[r.pick(['key', 'lastUsedAt', 'userId', 'kind', 'toString', 'propertyIsEnumerable'])] = r.pick(['ck_x', 0, 1, 'session']))],
      ['an expiry that is not a future ISO 8601 instant', (b, r) => (b.expiresAt = r.pick(['2001-01-01T00:00:00Z', '1970-01-01', 'tomorrow', 'next week', '2026-13-01', '', 0, 1e12, true, [], {}]))],
    ],
    { maxBytes: 100_000, anyContentType: false, hugeField: 'name' },
  );
  expressBodyTwist(draft, random);
  return draft;
}

/** POST /api/sites/:domain/goals: never a goal that would be stored. */
function createGoalRequest(random: SeededRandom, target: Target): Draft {
  const draft: Draft = {
    route: 'POST /api/sites/:domain/goals',
    method: 'POST',
    path: `/api/sites/${enc(target.site)}/goals`,
    headers: authorized(target),
    changes: [],
    expect: jsonError(400, 404, 413, 415),
  };
  const body: Record<string, unknown> = random.chance(0.5) ? { page: '/pricing*' } : { event: 'Purchase', props: { plan: 'pro' }, currency: 'EUR' };
  jsonBody(
    draft,
    random,
    body,
    [
      ['an unknown field', (b, r) => (b[r.pick(['site', 'siteId', 'id', 'revenue', 'pattern', 'toString', 'hasOwnProperty'])] = r.pick([1, 'x', true]))],
      ['a page without /', (b, r) => ((b.page = r.pick(['pricing', '*', '', 'https://x.example/', ' /a', '\a'])), delete b.event, delete b.props, delete b.currency)],
      ['a page of a wrong type', (b, r) => ((b.page = r.pick(WRONG_TYPES_NOT_NULL)), delete b.event)],
      ['a page and an event', (b) => Object.assign(b, { page: '/a', event: 'Signup' })],
      ['a page goal with a currency or props', (b, r) => ((b.page = '/a'), delete b.event, r.chance(0.5) ? (b.currency = 'EUR') : (b.props = { plan: 'pro' }))],
      ['neither page nor event', (b) => (delete b.page, delete b.event, delete b.props, delete b.currency)],
      ['an empty or long event', (b, r) => ((b.event = r.pick(['', 'x'.repeat(121)])), delete b.page)],
      ['an event of a wrong type', (b, r) => ((b.event = r.pick(WRONG_TYPES_NOT_NULL)), delete b.page)],
      ['bad props', (b, r) => ((b.event = 'Signup'), delete b.page, (b.props = r.pick<unknown>([{}, [], 'plan=pro', { a: { b: 1 } }, { a: null }, { '': 'x' }, { a: 'x'.repeat(501) }])))],
      ['a bad currency', (b, r) => ((b.event = 'Purchase'), delete b.page, (b.currency = r.pick<unknown>(['EURO', 'eur', '€', '', 'ZZZ', 978, true, []])))],
      ['a bad name', (b, r) => (b.name = r.pick<unknown>(['', 'x'.repeat(121), 1, [], {}]))],
    ],
    { maxBytes: 100_000, anyContentType: false, hugeField: 'page' },
  );
  expressBodyTwist(draft, random);
  return draft;
}

/** POST /api/sites/:domain/segments: never a segment that would be stored. */
function createSegmentRequest(random: SeededRandom, target: Target): Draft {
  const draft: Draft = { route: 'POST /api/sites/:domain/segments', method: 'POST', path: `/api/sites/${enc(target.site)}/segments`, headers: authorized(target), changes: [], expect: jsonError(400, 404, 413, 415) };
  jsonBody(
    draft,
    random,
    { name: 'North America', filters: { country: ['US', 'CA'], page: '/blog/*' } },
    [
      ['an unknown field', (b, r) => (b[r.pick(['site', 'id', 'shared', 'owner', 'toString', 'hasOwnProperty'])] = r.pick([1, 'x', true]))],
      ['no name', (b) => delete b.name],
      ['a bad name', (b, r) => (b.name = r.pick<unknown>(['', 'x'.repeat(121), 1, [], {}, null]))],
      ['no filters', (b) => delete b.filters],
      ['filters of a wrong type', (b, r) => (b.filters = r.pick<unknown>(['country=US', 1, true, [], null, [['country', 'US']]]))],
      ['no filter in them', (b) => (b.filters = {})],
      ['an unknown dimension', (b, r) => (b.filters = { [r.pick(['colour', 'ip', 'prop:', 'filter.country', '', 'toString', 'constructor'])]: 'x' })],
      ['bad values', (b, r) => (b.filters = { country: r.pick<unknown>([[], '', [''], 1, [1], { a: 1 }, 'x'.repeat(1025), null]) })],
    ],
    { maxBytes: 100_000, anyContentType: false, hugeField: 'name' },
  );
  expressBodyTwist(draft, random);
  return draft;
}

/** POST /api/sites/:domain/funnels: never a funnel that would be stored. */
function createSavedFunnelRequest(random: SeededRandom, target: Target): Draft {
  const draft: Draft = { route: 'POST /api/sites/:domain/funnels', method: 'POST', path: `/api/sites/${enc(target.site)}/funnels`, headers: authorized(target), changes: [], expect: jsonError(400, 404, 413, 415) };
  jsonBody(
    draft,
    random,
    { name: 'Checkout', steps: [{ page: '/pricing*' }, { event: 'Purchase' }] },
    [
      ['an unknown field', (b, r) => (b[r.pick(['site', 'id', 'filters', 'toString', 'hasOwnProperty'])] = r.pick([1, 'x', true]))],
      ['no name', (b) => delete b.name],
      ['a bad name', (b, r) => (b.name = r.pick<unknown>(['', 'x'.repeat(121), 1, [], {}, null]))],
      ['no steps', (b) => delete b.steps],
      ['too few or too many steps', (b, r) => (b.steps = r.chance(0.5) ? [{ page: '/' }] : Array.from({ length: r.between(9, 40) }, () => ({ page: '/' })))],
      ['steps of a wrong type', (b, r) => (b.steps = r.pick<unknown>(['/a,/b', 1, {}, null, [1, 2], ['/a', '/b']]))],
      ['a step with both or neither', (b, r) => (b.steps = [{ page: '/' }, r.pick<unknown>([{ page: '/a', event: 'b' }, {}, { url: '/a' }, { page: '' }, { event: 'x'.repeat(121) }])])],
    ],
    { maxBytes: 100_000, anyContentType: false, hugeField: 'name' },
  );
  expressBodyTwist(draft, random);
  return draft;
}

/** GET /api/sites/:domain/goals for a domain that is none, DELETE …/goals/:id with a bad id or one no goal has. */
function goalsRequest(method: 'GET' | 'DELETE', collection = 'goals') {
  return (random: SeededRandom, target: Target): Draft => {
    if (method === 'GET' || random.chance(0.3)) {
      const domain = random.chance(0.2) ? `unregistered-${random.int(1e6)}.example` : random.pick(NOT_A_DOMAIN.filter(Boolean));
      return {
        route: method === 'GET' ? `GET /api/sites/:domain/${collection}` : `DELETE /api/sites/:domain/${collection}/:id`,
        method,
        path: `/api/sites/${enc(domain)}/${collection}${method === 'GET' ? '' : '/1'}`,
        headers: authorized(target),
        changes: [`domain ${JSON.stringify(domain.slice(0, 40))}`],
        expect: jsonError(400, 404),
      };
    }
    const id = random.pick(['0', '-1', '1.5', '1e3', '99999999999999999999', '2147483648', "1' OR '1'='1", 'abc', '%00', String(random.between(100_000, 2_000_000_000))]);
    return {
      route: `DELETE /api/sites/:domain/${collection}/:id`,
      method,
      path: `/api/sites/${enc(target.site)}/${collection}/${enc(id)}`,
      headers: authorized(target),
      changes: [`id ${JSON.stringify(id)}`],
      expect: jsonError(400, 404),
    };
  };
}

/** DELETE /api/keys/:id: not a UUID (400), or one no key has (404). */
function deleteKeyRequest(random: SeededRandom, target: Target): Draft {
  const id = random.chance(0.3) ? random.uuid() : random.pick(['1', '1 OR 1=1', "' OR '1'='1", '00000000-0000-0000-0000-00000000000g', random.uuid().toUpperCase() + 'x', '..', '%00', 'null', '-1', random.hex(32)]);
  return {
    route: 'DELETE /api/keys/:id',
    method: 'DELETE',
    path: `/api/keys/${enc(id)}`,
    headers: authorized(target),
    changes: [`id ${JSON.stringify(id)}`],
    expect: jsonError(400, 404),
  };
}

// ---------------------------------------------------------------------------------------------
// Reports, webhooks, alerts (contract §9): /api/sites/:domain/<area>[/:id[/<action>]], and the unsubscribe link

/** A path segment that names no registered site (or is no domain at all). */
function badDomainSegment(random: SeededRandom): string {
  const domain = random.chance(0.4) ? `unregistered-${random.int(1e6)}.example` : random.pick([...NOT_A_DOMAIN.filter(Boolean), '%E0%A4%A', '%2F', '%2e%2e', '%25', 'a%00b']);
  return /%[0-9A-Za-z]{0,2}/.test(domain) && !/\s/.test(domain) && domain.length < 20 ? domain : enc(domain);
}

/** An :id that is no UUID (400) or one nothing has (404). */
function badIdSegment(random: SeededRandom): string {
  return enc(random.chance(0.3) ? random.uuid() : random.pick(['1', '1 OR 1=1', "' OR '1'='1", '00000000-0000-0000-0000-00000000000g', random.uuid().toUpperCase() + 'x', '..', 'null', '-1', random.hex(32)]));
}

/** GET/DELETE/POST (no body) of a site's notify route: a bad domain, or (with an :id) a bad id on the real site. */
function notifyPathRequest(method: 'GET' | 'DELETE' | 'POST', area: 'reports' | 'webhooks' | 'alerts', idSuffix: string | null) {
  return (random: SeededRandom, target: Target): Draft => {
    const route = `${method} /api/sites/:domain/${area}${idSuffix === null ? '' : `/:id${idSuffix}`}`;
    const badDomain = idSuffix === null || random.chance(0.4);
    const domain = badDomain ? badDomainSegment(random) : target.site;
    const id = idSuffix === null ? '' : `/${badDomain && random.chance(0.5) ? random.uuid() : badIdSegment(random)}${idSuffix}`;
    const draft: Draft = { route, method, path: `/api/sites/${domain}/${area}${id}`, headers: authorized(target), changes: [badDomain ? `domain ${domain.slice(0, 40)}` : 'a bad id'], expect: jsonError(400, 404) };
    return draft;
  };
}

type FieldChange = [string, (body: Record<string, unknown>, random: SeededRandom) => void];

/** POST of a site's notify route: a body that is not one, or a good body for a site that is none. */
function notifyCreateRequest(area: 'reports' | 'webhooks' | 'alerts') {
  return (random: SeededRandom, target: Target): Draft => {
    const draft: Draft = { route: `POST /api/sites/:domain/${area}`, method: 'POST', path: `/api/sites/${target.site}/${area}`, headers: authorized(target), changes: [], expect: jsonError(400, 404, 413, 415) };
    const unknownField: FieldChange = ['an unknown field', (b, r) => (b[r.pick(['id', 'siteId', 'secret', 'createdAt', 'armed', 'toString', 'hasOwnProperty'])] = r.pick([1, 'x', true]))];
    const bodies: Record<typeof area, [Record<string, unknown>, FieldChange[]]> = {
      reports: [
        { email: 'someone@example.org', frequency: 'weekly' },
        [
          ['no email', (b) => delete b.email],
          ['an email that is none', (b, r) => (b.email = r.pick([...JUNK_TEXT, 'a@', '@b', 'a b@c.d', `${'a'.repeat(250)}@example.org`]))],
          ['email of a wrong type', (b, r) => (b.email = r.pick(WRONG_TYPES))],
          ['no frequency', (b) => delete b.frequency],
          ['an unknown frequency', (b, r) => (b.frequency = r.pick(['daily', 'Weekly', '', 'yearly', 7, null, ['weekly']]))],
          unknownField,
        ],
      ],
      webhooks: [
        { url: 'https://hooks.example.org/cairn', events: ['spike'], format: 'json' },
        [
          ['no url', (b) => delete b.url],
          ['a url that is none', (b, r) => (b.url = r.pick(['', 'hooks.example.org', 'ftp://x.example/', 'javascript:alert(1)', 'http://', 'file:///etc/passwd', ...JUNK_TEXT.slice(0, 12), `https://x.example/${'a'.repeat(2100)}`]))],
          ['url of a wrong type', (b, r) => (b.url = r.pick(WRONG_TYPES))],
          ['no events', (b) => delete b.events],
          ['events that are none', (b, r) => (b.events = r.pick<unknown>([[], ['pageview'], ['spike', 'spike'], 'spike', [1], [null], {}, ['Spike'], ['spike', 'report', 'x']]))],
          ['an unknown format', (b, r) => (b.format = r.pick(['xml', 'Slack', '', 1, [], {}]))],
          unknownField,
        ],
      ],
      alerts: [
        { kind: 'spike', threshold: 100, webhook: random.uuid() },
        [
          ['no kind', (b) => delete b.kind],
          ['an unknown kind', (b, r) => (b.kind = r.pick(['drop', 'Spike', '', 1, null]))],
          ['no threshold', (b) => delete b.threshold],
          ['a threshold that is none', (b, r) => (b.threshold = r.pick<unknown>([0, -1, 1.5, '100', 1e9, null, true, [], {}, 'NaN']))],
          ['an email that is none', (b, r) => (b.email = r.pick(['', 'x', 'a@', 42, [], {}, true]))],
          ['a webhook that is no id', (b, r) => (b.webhook = r.pick(['', 'x', '1', 42, [], {}, true, '00000000-0000-0000-0000-00000000000g']))],
          unknownField,
        ],
      ],
    };
    const [body, changes] = bodies[area];
    // A good body for a site that is none is bad too; a body change on the real site always is.
    const changesWithSite: FieldChange[] = [...changes, ['an unregistered site', (_b, r) => (draft.path = `/api/sites/unregistered-${r.int(1e6)}.example/${area}`)]];
    jsonBody(draft, random, body, changesWithSite, { maxBytes: 100_000, anyContentType: false, hugeField: Object.keys(body)[0] });
    expressBodyTwist(draft, random);
    return draft;
  };
}

/** GET and POST of the unsubscribe link: a token that is none (400) or that no report has (404). */
function unsubscribeRequest(method: 'GET' | 'POST') {
  return (random: SeededRandom, target: Target): Draft => {
    const token = random.chance(0.3) ? random.hex(32) : random.pick(['x', '', '..', '%00', 'a'.repeat(33), 'a'.repeat(31), "' OR 1=1 --", '%E0%A4%A', 'a/b', random.uuid()]);
    const draft: Draft = {
      route: `${method} /api/reports/unsubscribe/:token`,
      method,
      path: `/api/reports/unsubscribe/${/^%/.test(token) ? token : enc(token)}`,
      headers: [],
      changes: [`token ${JSON.stringify(token.slice(0, 40))}`],
      expect: jsonError(400, 404),
    };
    void target;
    return draft;
  };
}

// ---------------------------------------------------------------------------------------------
// Below HTTP's semantics: what the bytes on the wire can do wrong

type WireChange = [label: string, apply: (request: RawRequest, draft: Draft, random: SeededRandom) => void, extraStatuses: number[]];

const WIRE_CHANGES: WireChange[] = [
  [
    'a header flood',
    (request, _, random) => {
      const count = random.between(500, 6000);
      for (let i = 0; i < count; i++) request.headers.push([`x-f${i}`, random.chance(0.5) ? '1' : 'flood']);
    },
    [431],
  ],
  [
    'a huge header value',
    (request, _, random) => request.headers.push([random.pick(['X-Junk', 'Cookie', 'Referer', 'Accept-Language']), 'v'.repeat(random.between(17_000, 64_000))]),
    [431],
  ],
  ['invalid UTF-8 in the User-Agent', (request) => request.headers.push(['User-Agent', 'Mozilla/5.0 \xff\xfe\xc3\x28 Firefox/128.0']), []],
  ['invalid UTF-8 in a header', (request) => request.headers.push(['X-Note', '\xc3\x28\xa0\xa1\xff']), []],
  ['invalid bytes in the path', (request, _, random) => (request.path = request.path.replace('/', random.pick(['/\xff', '/\xc3\x28', '/\x01', '/\x7f']))), [400]],
  ['an overlong URL', (request, _, random) => (request.path += `${request.path.includes('?') ? '&' : '?'}pad=${'a'.repeat(random.between(17_000, 70_000))}`), [414, 431]],
  ['a header without a colon', (request) => request.headers.push('BrokenHeader'), [400]],
  ['a folded header line', (request) => request.headers.push(['X-Folded', 'one\r\n two']), [400]],
  ['a space before the colon', (request) => request.headers.push(['X-Space ', 'x']), [400]],
  ['a NUL byte in a header value', (request) => request.headers.push(['X-Nul', 'a\u0000b']), [400]],
  ['Content-Length that is no number', (request) => request.headers.push(['Content-Length', 'abc']), [400]],
  ['two different Content-Lengths', (request) => request.headers.push(['Content-Length', '1'], ['Content-Length', '2']), [400]],
  ['Content-Length and chunked together', (request) => request.headers.push(['Content-Length', '5'], ['Transfer-Encoding', 'chunked']), [400]],
  [
    'a broken chunked body',
    (request) => {
      request.headers.push(['Transfer-Encoding', 'chunked']);
      request.body = Buffer.from('zz\r\nabc\r\n0\r\n\r\n');
    },
    [400],
  ],
];

/** Content-Length for a body, unless a wire change already set one (or chunked). */
function finish(draft: Draft, index: number, target: Target, random: SeededRandom): BadRequest {
  const request: RawRequest = {
    method: draft.method,
    path: pathWithQuery(draft),
    headers: [['Host', `127.0.0.1:${target.port}`], ...draft.headers],
    body: draft.body,
  };
  let expect = draft.expect;
  if (random.chance(0.07)) {
    const [label, apply, extra] = random.pick(WIRE_CHANGES);
    apply(request, draft, random);
    draft.changes.push(label);
    // A path with odd bytes that Node lets through matches no route: 404.
    expect = { ...expect, statuses: [...expect.statuses, ...extra, 404], wire: true };
  }
  const framed = request.headers.some(([name]) => /^(content-length|transfer-encoding)$/i.test(name));
  if (!framed && (request.body?.length || draft.method === 'POST')) request.headers.push(['Content-Length', String(request.body?.length ?? 0)]);
  return { index, route: draft.route, changes: draft.changes, request, expect };
}

// ---------------------------------------------------------------------------------------------

/** At most this many multi-megabyte bodies in a run: they prove the point and cost the most time. */
class Budget {
  private left = 12;
  takeMultiMegabyte(random: SeededRandom): boolean {
    if (this.left <= 0 || !random.chance(0.01)) return false;
    this.left -= 1;
    return true;
  }
}

export const BAD_REQUEST_PLAN: Array<[route: string, count: number]> = [
  ['POST /api/event', 2950],
  ['GET /pixel.gif', 1200],
  ['POST /api/auth/login', 900],
  ['POST /api/sites', 400],
  ['GET /api/sites/:domain', 250],
  ['DELETE /api/sites/:domain', 250],
  ['PATCH /api/sites/:domain', 250],
  ['GET /api/sites/:domain/members', 150],
  ['PUT /api/sites/:domain/members/:userId', 250],
  ['DELETE /api/sites/:domain/members/:userId', 200],
  ['POST /api/invitations', 300],
  ['GET /api/invitations', 150],
  ['DELETE /api/invitations/:id', 150],
  ['POST /api/invitations/accept', 300],
  ['POST /api/auth/password', 250],
  ['GET /api/stats/summary', 550],
  ['GET /api/stats/timeseries', 550],
  ['GET /api/stats/breakdown', 650],
  ['GET /api/stats/prop-keys', 300],
  ['POST /api/stats/funnel', 600],
  ['GET /api/export', 500],
  ['GET /api/live', 400],
  ['POST /api/keys', 250],
  ['DELETE /api/keys/:id', 250],
  ['POST /api/sites/:domain/goals', 400],
  ['GET /api/sites/:domain/goals', 100],
  ['DELETE /api/sites/:domain/goals/:id', 150],
  ['POST /api/sites/:domain/segments', 300],
  ['GET /api/sites/:domain/segments', 50],
  ['DELETE /api/sites/:domain/segments/:id', 100],
  ['POST /api/sites/:domain/funnels', 300],
  ['GET /api/sites/:domain/funnels', 50],
  ['DELETE /api/sites/:domain/funnels/:id', 100],
  ['GET /api/sites/:domain/reports', 80],
  ['POST /api/sites/:domain/reports', 250],
  ['DELETE /api/sites/:domain/reports/:id', 100],
  ['POST /api/sites/:domain/reports/:id/send', 100],
  ['GET /api/reports/unsubscribe/:token', 100],
  ['POST /api/reports/unsubscribe/:token', 100],
  ['GET /api/sites/:domain/webhooks', 80],
  ['POST /api/sites/:domain/webhooks', 250],
  ['DELETE /api/sites/:domain/webhooks/:id', 100],
  ['GET /api/sites/:domain/webhooks/:id/deliveries', 100],
  ['GET /api/sites/:domain/alerts', 80],
  ['POST /api/sites/:domain/alerts', 250],
  ['DELETE /api/sites/:domain/alerts/:id', 100],
];

/** Every bad request of a run, in a shuffled order, the same for the same seed. */
export function generateBadRequests(seed: number, target: Target, adminEmail: string): BadRequest[] {
  const random = new SeededRandom(seed);
  const budget = new Budget();
  const makers: Record<string, (random: SeededRandom, target: Target) => Draft> = {
    'POST /api/event': (r, t) => eventRequest(r, t, budget),
    'GET /pixel.gif': pixelRequest,
    'POST /api/auth/login': (r, t) => loginRequest(r, t, budget, adminEmail),
    'POST /api/sites': createSiteRequest,
    'GET /api/sites/:domain': siteByDomainRequest('GET'),
    'DELETE /api/sites/:domain': siteByDomainRequest('DELETE'),
    'PATCH /api/sites/:domain': updateSiteRequest,
    'GET /api/sites/:domain/members': listMembersRequest,
    'PUT /api/sites/:domain/members/:userId': setMemberRequest,
    'DELETE /api/sites/:domain/members/:userId': removeMemberRequest,
    'POST /api/invitations': createInvitationRequest,
    'GET /api/invitations': listInvitationsRequest,
    'DELETE /api/invitations/:id': deleteInvitationRequest,
    'POST /api/invitations/accept': acceptInvitationRequest,
    'POST /api/auth/password': changePasswordRequest,
    'GET /api/stats/summary': statsRequest('summary'),
    'GET /api/stats/timeseries': statsRequest('timeseries'),
    'GET /api/stats/breakdown': statsRequest('breakdown'),
    'GET /api/stats/prop-keys': statsRequest('prop-keys'),
    'POST /api/stats/funnel': funnelRequest,
    'GET /api/export': statsRequest('export'),
    'GET /api/live': statsRequest('live'),
    'POST /api/keys': createKeyRequest,
    'DELETE /api/keys/:id': deleteKeyRequest,
    'POST /api/sites/:domain/goals': createGoalRequest,
    'GET /api/sites/:domain/goals': goalsRequest('GET'),
    'DELETE /api/sites/:domain/goals/:id': goalsRequest('DELETE'),
    'POST /api/sites/:domain/segments': createSegmentRequest,
    'GET /api/sites/:domain/segments': goalsRequest('GET', 'segments'),
    'DELETE /api/sites/:domain/segments/:id': goalsRequest('DELETE', 'segments'),
    'POST /api/sites/:domain/funnels': createSavedFunnelRequest,
    'GET /api/sites/:domain/funnels': goalsRequest('GET', 'funnels'),
    'DELETE /api/sites/:domain/funnels/:id': goalsRequest('DELETE', 'funnels'),
    'GET /api/sites/:domain/reports': notifyPathRequest('GET', 'reports', null),
    'POST /api/sites/:domain/reports': notifyCreateRequest('reports'),
    'DELETE /api/sites/:domain/reports/:id': notifyPathRequest('DELETE', 'reports', ''),
    'POST /api/sites/:domain/reports/:id/send': notifyPathRequest('POST', 'reports', '/send'),
    'GET /api/reports/unsubscribe/:token': unsubscribeRequest('GET'),
    'POST /api/reports/unsubscribe/:token': unsubscribeRequest('POST'),
    'GET /api/sites/:domain/webhooks': notifyPathRequest('GET', 'webhooks', null),
    'POST /api/sites/:domain/webhooks': notifyCreateRequest('webhooks'),
    'DELETE /api/sites/:domain/webhooks/:id': notifyPathRequest('DELETE', 'webhooks', ''),
    'GET /api/sites/:domain/webhooks/:id/deliveries': notifyPathRequest('GET', 'webhooks', '/deliveries'),
    'GET /api/sites/:domain/alerts': notifyPathRequest('GET', 'alerts', null),
    'POST /api/sites/:domain/alerts': notifyCreateRequest('alerts'),
    'DELETE /api/sites/:domain/alerts/:id': notifyPathRequest('DELETE', 'alerts', ''),
  };
  const order = random.shuffle(BAD_REQUEST_PLAN.flatMap(([route, count]) => Array<string>(count).fill(route)));
  return order.map((route, index) => finish(makers[route](random, target), index, target, random));
}

/** Socket.io `subscribe` payloads that name no site the token may see. */
export function badSubscribePayloads(seed: number, count: number): Array<{ label: string; payload: unknown }> {
  const random = new SeededRandom(seed ^ 0x5eed);
  const makers: Array<() => { label: string; payload: unknown }> = [
    () => ({ label: 'no payload', payload: undefined }),
    () => ({ label: 'a wrong type', payload: random.pick(WRONG_TYPES) }),
    () => ({ label: 'site of a wrong type', payload: { site: random.pick(WRONG_TYPES) } }),
    () => ({ label: 'a junk site', payload: { site: random.pick([...NOT_A_DOMAIN, '\ud800', '\udfff\ud800.example']) } }),
    () => ({ label: 'an unregistered site', payload: { site: `unregistered-${random.int(1e6)}.example` } }),
    () => ({ label: 'a long site', payload: { site: 'a'.repeat(random.between(254, 12_000)) } }),
    () => ({ label: 'a __proto__ site', payload: JSON.parse(`{"__proto__":{"site":"${'polluted.example'}"}}`) }),
    () => ({ label: 'nested arrays', payload: { site: JSON.parse('['.repeat(500) + ']'.repeat(500)) } }),
    () => ({ label: 'binary', payload: { site: Buffer.from([0xff, 0xfe, 0x00]) } }),
  ];
  return Array.from({ length: count }, () => random.pick(makers)());
}
