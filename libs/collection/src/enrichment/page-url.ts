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

/** Takes what Cairn keeps from a page URL: the path and the UTM tags; every other query parameter is dropped. */
export function parsePageUrl(raw: string): PageLocation | null {
  const url = parseHttpUrl(raw);
  if (!url) return null;
  return { hostname: url.hostname.toLowerCase(), path: normalizePath(url.pathname, url.hash), utm: readUtm(url.searchParams) };
}

export function normalizePath(pathname: string, hash = ''): string {
  let path = safeDecode(pathname || '/');
  if (path.length > 1) path = path.replace(/\/+$/, '') || '/';
  // Hash routers (`#/settings`, `#!/settings`) are pages; plain anchors (`#top`) are not.
  const route = /^#!?(\/.*)$/.exec(hash);
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
