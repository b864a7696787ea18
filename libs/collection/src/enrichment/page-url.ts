export interface Utm {
  source: string | null;
  medium: string | null;
  campaign: string | null;
  term: string | null;
  content: string | null;
}

export interface PageLocation {
  hostname: string;
  /** Path as the reports show it: decoded, no query, no trailing slash, hash routes (`#/x`) kept. */
  path: string;
  utm: Utm;
}

export const MAX_PATH = 1024;
const MAX_UTM = 256;

/** What Cairn reads of an http(s) URL, as WHATWG URL parsing gives it. */
export interface HttpUrlParts {
  /** Lowercase ASCII (IDNA applied). */
  hostname: string;
  pathname: string;
  /** `?…`, or '' when there is no query (or an empty one). */
  search: string;
  /** `#…`, or '' when there is no fragment (or an empty one). */
  hash: string;
}

/**
 * The URLs most pages send: http(s), a lowercase host of plain labels, then a path, query and
 * fragment made only of characters URL parsing keeps as they are (no percent-encoding, no spaces,
 * quotes or backslashes). For those the parts are the string's own slices.
 */
const PLAIN_URL = /^https?:\/\/([a-z0-9.-]+)(\/[\w\-.~!$&'()*+,;=:@/]*)?(\?[\w\-.~!$&()*+,;=:@/?%]*)?(#[\w\-.~!$&'()*+,;=:@/?%#]*)?$/;
/** A host URL parsing would change or check further: an empty label, punycode (`xn--`), or a last label that reads as a number (an IPv4 address in some notation). */
const CHANGED_HOST = /(^|\.)(\.|$|xn--)|(^|\.)(\d+|0x[0-9a-f]*)$/;
/** `.` and `..` segments, which URL parsing resolves. */
const DOT_SEGMENT = /\/\.\.?(\/|$)/;

/**
 * An absolute http(s) URL's parts, or null for anything else (relative, javascript:, file:,
 * garbage). Plain URLs are sliced directly (a `new URL` costs about a microsecond on the ingest
 * path, twice an event with a referrer); anything else goes through URL parsing. The spec holds the
 * two to the same answers.
 */
export function splitHttpUrl(raw: string): HttpUrlParts | null {
  const plain = PLAIN_URL.exec(raw);
  if (plain && !CHANGED_HOST.test(plain[1]) && !(plain[2] && DOT_SEGMENT.test(plain[2]))) {
    const [, hostname, pathname = '/', search = '', hash = ''] = plain;
    return { hostname, pathname, search: search.length > 1 ? search : '', hash: hash.length > 1 ? hash : '' };
  }
  return parseWithUrl(raw);
}

/** The same answer by WHATWG URL parsing, for any string. */
export function parseWithUrl(raw: string): HttpUrlParts | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return { hostname: url.hostname, pathname: url.pathname, search: url.search, hash: url.hash };
}

/** A URL without a query has no UTM tags: one shared answer, without building its URLSearchParams. */
const NO_UTM: Readonly<Utm> = Object.freeze({ source: null, medium: null, campaign: null, term: null, content: null });

/**
 * The last URL parsed and what came of it. An event's URL is parsed by its validation and again by
 * the ingest a moment later; the second time is answered from here (a parse costs about 1 µs).
 */
let last: { raw: string; page: Readonly<PageLocation> | null } = { raw: '', page: null };

/**
 * Takes what Cairn keeps from a page URL: the path and the UTM tags; every other query parameter is
 * dropped. Consecutive calls with the same URL share one (frozen) answer.
 */
export function parsePageUrl(raw: string): Readonly<PageLocation> | null {
  if (raw === last.raw) return last.page;
  const url = splitHttpUrl(raw);
  const page = url && Object.freeze({ hostname: url.hostname, path: normalizePath(url.pathname, url.hash), utm: url.search ? Object.freeze(readUtm(new URLSearchParams(url.search))) : NO_UTM });
  last = { raw, page };
  return page;
}

export function normalizePath(pathname: string, hash = ''): string {
  let path = pathname.includes('%') ? safeDecode(pathname) : pathname || '/';
  if (path.length > 1 && path.endsWith('/')) path = path.replace(/\/+$/, '') || '/';
  // Hash routers (`#/settings`, `#!/settings`) are pages; plain anchors (`#top`) are not.
  const route = hash && /^#!?(\/.*)$/.exec(hash);
  if (route) path = (path === '/' ? '' : path) + '#' + safeDecode(route[1]);
  return path.slice(0, MAX_PATH);
}

function readUtm(params: URLSearchParams): Utm {
  const read = (name: string) => params.get(name)?.trim().slice(0, MAX_UTM) || null;
  return {
    source: read('utm_source') ?? read('ref') ?? read('source'),
    medium: read('utm_medium'),
    campaign: read('utm_campaign'),
    term: read('utm_term'),
    content: read('utm_content'),
  };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
