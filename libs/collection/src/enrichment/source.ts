import { splitHttpUrl } from './page-url.js';
import { remember } from './remember.js';

/** Referrer hosts (and utm_source spellings) that have a well-known name. Matched on the host and its parents. */
const KNOWN_SOURCES: Array<[string, RegExp]> = [
  ['Google', /(^|\.)google\.[a-z.]+$|^(google|adwords|gclid)$/],
  ['Bing', /(^|\.)bing\.com$|^bing$/],
  ['DuckDuckGo', /(^|\.)duckduckgo\.com$|^(duckduckgo|ddg)$/],
  ['Yahoo', /(^|\.)yahoo\.(com|co\.[a-z]+|[a-z]+)$|^yahoo$/],
  ['Yandex', /(^|\.)yandex\.[a-z.]+$|^yandex$/],
  ['Baidu', /(^|\.)baidu\.com$|^baidu$/],
  ['Ecosia', /(^|\.)ecosia\.org$|^ecosia$/],
  ['Brave Search', /^search\.brave\.com$/],
  ['Kagi', /(^|\.)kagi\.com$/],
  ['Qwant', /(^|\.)qwant\.com$/],
  ['Facebook', /(^|\.)(facebook\.com|fb\.com|fb\.me)$|^(facebook|fb)$/],
  ['Instagram', /(^|\.)instagram\.com$|^(instagram|ig)$/],
  ['X', /(^|\.)(twitter\.com|x\.com|t\.co)$|^(twitter|x)$/],
  ['Reddit', /(^|\.)reddit\.com$|^reddit$/],
  ['LinkedIn', /(^|\.)(linkedin\.com|lnkd\.in)$|^linkedin$/],
  ['GitHub', /(^|\.)github\.com$|^github$/],
  ['Hacker News', /^news\.ycombinator\.com$|^(hackernews|hn|hacker news)$/],
  ['YouTube', /(^|\.)(youtube\.com|youtu\.be)$|^youtube$/],
  ['Mastodon', /^(mastodon\.social|mastodon\.online|fosstodon\.org|hachyderm\.io)$|^mastodon$/],
  ['Bluesky', /(^|\.)bsky\.app$|^bluesky$/],
  ['Pinterest', /(^|\.)pinterest\.[a-z.]+$|^pinterest$/],
  ['TikTok', /(^|\.)tiktok\.com$|^tiktok$/],
  ['Wikipedia', /(^|\.)wikipedia\.org$/],
  ['Stack Overflow', /(^|\.)stackoverflow\.com$/],
  ['Product Hunt', /(^|\.)producthunt\.com$/],
  ['Lobsters', /^lobste\.rs$/],
  ['ChatGPT', /(^|\.)(chatgpt\.com|chat\.openai\.com)$|^chatgpt(\.com)?$/],
  ['Perplexity', /(^|\.)perplexity\.ai$/],
  ['Newsletter', /^(newsletter|email)$/],
];

export const DIRECT = 'Direct / None';

export interface Referral {
  /** Referrer without scheme, query or fragment (`news.ycombinator.com/item`), null when none or internal. */
  referrer: string | null;
  /** A known name (`Google`), the referring host, the utm_source, or `Direct / None`. */
  source: string;
}

/** Where a visitor came from: utm_source wins, then the referrer's host; referrals from the site itself do not count. */
export function classifySource(rawReferrer: string | undefined, utmSource: string | null, siteDomain: string): Referral {
  const referrer = externalReferrer(rawReferrer, siteDomain);
  if (utmSource) return { referrer: referrer?.display ?? null, source: knownName(utmSource.toLowerCase()) ?? utmSource };
  if (!referrer) return { referrer: null, source: DIRECT };
  return { referrer: referrer.display, source: knownName(referrer.host) ?? referrer.host };
}

function externalReferrer(raw: string | undefined, siteDomain: string): { host: string; display: string } | null {
  const url = raw ? splitHttpUrl(raw) : null;
  if (!url) return null;
  let host = url.hostname;
  if (host.startsWith('www.')) host = host.slice(4);
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (!host || host === siteDomain || host.endsWith(`.${siteDomain}`)) return null;
  const path = url.pathname === '/' ? '' : url.pathname;
  return { host, display: (host + path).slice(0, 512) };
}

/** Hosts and tags seen lately and their names: a few referrers bring most visits, and a miss tries ~30 patterns. Bounded. */
const NAMES = new Map<string, string | null>();

function knownName(hostOrTag: string): string | null {
  const known = NAMES.get(hostOrTag);
  if (known !== undefined) return known;
  return remember(NAMES, hostOrTag, KNOWN_SOURCES.find(([, pattern]) => pattern.test(hostOrTag))?.[0] ?? null);
}
