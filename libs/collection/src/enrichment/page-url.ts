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

/** An absolute http(s) URL, or null for anything else (relative, javascript:, file:, garbage). */
export function parseHttpUrl(raw: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
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
  const url = parseHttpUrl(raw);
  const page = url && Object.freeze({ hostname: url.hostname.toLowerCase(), path: normalizePath(url.pathname, url.hash), utm: url.search ? Object.freeze(readUtm(url.searchParams)) : NO_UTM });
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
