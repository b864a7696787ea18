import { Weighted } from './prng.js';

// What the made-up site looks like and who visits it. Stored values (source names, browser names and
// versions, referrer display) are spelled exactly as collection derives them from a real request:
// traffic-model.spec.ts runs the raw inputs kept here (referrer URL, landing query, User-Agent)
// through collection's own enrichment and compares.

export const DIRECT = 'Direct / None';

export const PAGE_TITLES: Readonly<Record<string, string>> = {
  '/': 'Home',
  '/pricing': 'Pricing',
  '/signup': 'Sign up',
  '/about': 'About us',
  '/changelog': 'Changelog',
  '/blog': 'Blog',
  '/blog/introducing-cairn': 'Introducing Cairn',
  '/blog/cookieless-analytics-explained': 'Cookieless analytics, explained',
  '/blog/why-we-dropped-google-analytics': 'Why we dropped Google Analytics',
  '/blog/self-hosting-on-a-raspberry-pi': 'Self-hosting on a Raspberry Pi',
  '/blog/release-1-4': 'Release 1.4: funnels',
  '/docs': 'Documentation',
  '/docs/getting-started': 'Getting started',
  '/docs/installation': 'Installation',
  '/docs/configuration': 'Configuration',
  '/docs/tracker': 'The tracker snippet',
  '/docs/api': 'REST API',
  '/docs/funnels': 'Funnels',
  '/docs/faq': 'FAQ',
};

const BLOG_POSTS = Object.keys(PAGE_TITLES).filter((path) => path.startsWith('/blog/'));
const DOCS_PAGES = Object.keys(PAGE_TITLES).filter((path) => path.startsWith('/docs/'));

/** Where a visitor goes from a page: the site's links, roughly as people follow them. */
const NEXT_PAGE: Record<string, Weighted<string>> = {};
const AROUND = new Weighted<string>([
  ['/', 6],
  ['/pricing', 5],
  ['/docs', 3],
  ['/docs/getting-started', 3],
  ['/blog', 2],
  ['/about', 1],
  ['/changelog', 1],
  ['/signup', 1],
]);
NEXT_PAGE['/'] = new Weighted([
  ['/pricing', 30],
  ['/docs', 12],
  ['/docs/getting-started', 10],
  ['/blog', 10],
  ['/about', 8],
  ['/signup', 6],
  ['/changelog', 4],
  ['/blog/introducing-cairn', 6],
]);
NEXT_PAGE['/pricing'] = new Weighted([
  ['/signup', 30],
  ['/', 15],
  ['/docs/faq', 12],
  ['/docs/installation', 10],
  ['/about', 5],
]);
NEXT_PAGE['/docs'] = new Weighted(DOCS_PAGES.map((path, i) => [path, 8 - i] as const));
NEXT_PAGE['/blog'] = new Weighted(BLOG_POSTS.map((path) => [path, 1] as const));
for (const path of DOCS_PAGES) {
  NEXT_PAGE[path] = new Weighted([...DOCS_PAGES.filter((other) => other !== path).map((other) => [other, 3] as const), ['/pricing', 4], ['/', 2], ['/docs', 3]]);
}
for (const path of BLOG_POSTS) {
  NEXT_PAGE[path] = new Weighted([['/', 8], ['/blog', 6], ['/pricing', 5], ['/docs/getting-started', 4], ...BLOG_POSTS.filter((other) => other !== path).map((other) => [other, 1] as const)]);
}

export function nextPage(from: string): Weighted<string> {
  return NEXT_PAGE[from] ?? AROUND;
}

export interface Utm {
  source: string;
  medium: string | null;
  campaign: string | null;
  term: string | null;
  content: string | null;
}

/** One way in: the raw request inputs (for the spec) and what Cairn stores for them. */
export interface Referral {
  /** The `referrer` the tracker sends on the first pageview (document.referrer), or null. */
  url: string | null;
  /** Query string of the landing page URL (UTM tags), or ''. */
  landingQuery: string;
  /** Stored `referrer` (host and path, no query), null for none. */
  referrer: string | null;
  /** Stored `source` of the first pageview. */
  source: string;
  utm: Utm | null;
  /** Stored `source` of the visit's later events on the landing page (no referrer then; the UTM tags stay in the URL). */
  landingSource: string;
  entries: Weighted<string>;
}

const SEARCH_ENTRIES = new Weighted<string>([
  ['/', 10],
  ['/docs/getting-started', 8],
  ['/blog/cookieless-analytics-explained', 7],
  ['/docs/installation', 6],
  ['/blog/why-we-dropped-google-analytics', 4],
  ['/docs/configuration', 3],
  ['/pricing', 3],
  ['/docs/faq', 2],
  ['/docs/api', 2],
  ['/docs/tracker', 2],
]);
const SOCIAL_ENTRIES = new Weighted<string>([
  ['/blog/introducing-cairn', 10],
  ['/blog/why-we-dropped-google-analytics', 6],
  ['/', 5],
  ['/blog/self-hosting-on-a-raspberry-pi', 4],
  ['/blog/release-1-4', 2],
]);
const DIRECT_ENTRIES = new Weighted<string>([
  ['/', 20],
  ['/pricing', 4],
  ['/docs', 4],
  ['/docs/getting-started', 3],
  ['/blog', 2],
  ['/signup', 2],
  ['/changelog', 1],
  ['/about', 1],
]);
const CODE_ENTRIES = new Weighted<string>([
  ['/', 6],
  ['/docs/installation', 5],
  ['/docs/getting-started', 4],
  ['/docs/api', 2],
]);
const NEWSLETTER_ENTRIES = new Weighted<string>([
  ['/blog/release-1-4', 6],
  ['/', 2],
  ['/docs/funnels', 2],
]);
const AD_ENTRIES = new Weighted<string>([
  ['/', 3],
  ['/pricing', 2],
]);

/** A referral without UTM tags: the stored source is the referrer's (or Direct / None). */
function referral(url: string | null, referrer: string | null, source: string, entries: Weighted<string>): Referral {
  return { url, landingQuery: '', referrer, source, utm: null, landingSource: DIRECT, entries };
}

/** A campaign link: utm_source names the source, on every event of the landing page. */
function campaign(url: string | null, referrer: string | null, utm: Utm, source: string, entries: Weighted<string>): Referral {
  const query = new URLSearchParams();
  for (const key of ['source', 'medium', 'campaign', 'term', 'content'] as const) if (utm[key] !== null) query.set(`utm_${key}`, utm[key]!);
  return { url, landingQuery: `?${query}`, referrer, source, utm, landingSource: source, entries };
}

/** Most browsers send only the origin across sites (strict-origin-when-cross-origin), hence mostly bare hosts. */
export const REFERRALS = new Weighted<Referral>([
  [referral(null, null, DIRECT, DIRECT_ENTRIES), 30],
  [referral('https://www.google.com/', 'google.com', 'Google', SEARCH_ENTRIES), 22],
  [referral('https://www.google.de/', 'google.de', 'Google', SEARCH_ENTRIES), 2],
  [referral('https://www.google.co.uk/', 'google.co.uk', 'Google', SEARCH_ENTRIES), 2],
  [referral('https://www.google.fr/', 'google.fr', 'Google', SEARCH_ENTRIES), 1],
  [referral('https://www.bing.com/', 'bing.com', 'Bing', SEARCH_ENTRIES), 4],
  [referral('https://duckduckgo.com/', 'duckduckgo.com', 'DuckDuckGo', SEARCH_ENTRIES), 3],
  [referral('https://news.ycombinator.com/', 'news.ycombinator.com', 'Hacker News', SOCIAL_ENTRIES), 4],
  [referral('https://www.reddit.com/', 'reddit.com', 'Reddit', SOCIAL_ENTRIES), 2.5],
  [referral('https://old.reddit.com/', 'old.reddit.com', 'Reddit', SOCIAL_ENTRIES), 0.5],
  [referral('https://github.com/', 'github.com', 'GitHub', CODE_ENTRIES), 3],
  [referral('https://t.co/', 't.co', 'X', SOCIAL_ENTRIES), 1.5],
  [referral('https://x.com/', 'x.com', 'X', SOCIAL_ENTRIES), 0.5],
  [referral('https://l.facebook.com/', 'l.facebook.com', 'Facebook', SOCIAL_ENTRIES), 1],
  [referral('https://m.facebook.com/', 'm.facebook.com', 'Facebook', SOCIAL_ENTRIES), 0.5],
  [referral('https://www.linkedin.com/', 'linkedin.com', 'LinkedIn', SOCIAL_ENTRIES), 1.5],
  [referral('https://lobste.rs/', 'lobste.rs', 'Lobsters', SOCIAL_ENTRIES), 0.5],
  [referral('https://chatgpt.com/', 'chatgpt.com', 'ChatGPT', SEARCH_ENTRIES), 1],
  [referral('https://dev.to/', 'dev.to', 'dev.to', SOCIAL_ENTRIES), 0.7],
  [referral('https://alternativeto.net/software/google-analytics/about/', 'alternativeto.net/software/google-analytics/about/', 'alternativeto.net', DIRECT_ENTRIES), 0.5],
  [
    campaign(null, null, { source: 'newsletter', medium: 'email', campaign: 'monthly-update', term: null, content: null }, 'Newsletter', NEWSLETTER_ENTRIES),
    1.5,
  ],
  [
    campaign(null, null, { source: 'newsletter', medium: 'email', campaign: 'release-1-4', term: null, content: 'header-link' }, 'Newsletter', NEWSLETTER_ENTRIES),
    0.5,
  ],
  [campaign('https://t.co/', 't.co', { source: 'twitter', medium: 'social', campaign: 'launch-week', term: null, content: null }, 'X', SOCIAL_ENTRIES), 1],
  [
    campaign('https://www.google.com/', 'google.com', { source: 'google', medium: 'cpc', campaign: 'brand', term: 'privacy analytics', content: null }, 'Google', AD_ENTRIES),
    1.5,
  ],
  [
    campaign('https://www.linkedin.com/', 'linkedin.com', { source: 'linkedin', medium: 'social', campaign: 'launch-week', term: null, content: null }, 'LinkedIn', SOCIAL_ENTRIES),
    0.5,
  ],
]);

export type Device = 'desktop' | 'mobile' | 'tablet';

/** One browser on one system, as the User-Agent parser reports it, and screens it comes with. */
export interface Client {
  userAgent: string;
  browser: string;
  browserVersion: string;
  os: string;
  osVersion: string | null;
  device: Device;
  screens: Weighted<string>;
}

const PC_SCREENS = new Weighted<string>([
  ['1920x1080', 40],
  ['1536x864', 18],
  ['2560x1440', 12],
  ['1366x768', 10],
  ['1440x900', 6],
  ['1280x720', 4],
  ['3840x2160', 3],
]);
const MAC_SCREENS = new Weighted<string>([
  ['1440x900', 20],
  ['1512x982', 18],
  ['1728x1117', 12],
  ['1920x1080', 10],
  ['2560x1440', 8],
  ['1680x1050', 5],
]);
const IPHONE_SCREENS = new Weighted<string>([
  ['390x844', 30],
  ['393x852', 25],
  ['430x932', 15],
  ['414x896', 10],
  ['375x667', 8],
]);
const ANDROID_SCREENS = new Weighted<string>([
  ['412x915', 30],
  ['360x800', 20],
  ['384x854', 10],
  ['393x873', 12],
  ['412x892', 8],
]);
const IPAD_SCREENS = new Weighted<string>([
  ['820x1180', 40],
  ['1024x1366', 25],
  ['810x1080', 25],
]);
const ANDROID_TABLET_SCREENS = new Weighted<string>([
  ['800x1280', 50],
  ['1280x800', 30],
]);

export const CLIENT_LIST: ReadonlyArray<readonly [Client, number]> = [
  [client('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36', 'Chrome', '138', 'Windows', '10', 'desktop', PC_SCREENS), 16],
  [client('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Safari/537.36', 'Chrome', '137', 'Windows', '10', 'desktop', PC_SCREENS), 5],
  [client('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36 Edg/138.0.0.0', 'Edge', '138', 'Windows', '10', 'desktop', PC_SCREENS), 5],
  [client('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0', 'Firefox', '140', 'Windows', '10', 'desktop', PC_SCREENS), 3],
  [client('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36 OPR/120.0.0.0', 'Opera', '120', 'Windows', '10', 'desktop', PC_SCREENS), 0.8],
  [client('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36', 'Chrome', '138', 'macOS', '10.15', 'desktop', MAC_SCREENS), 8],
  [client('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Safari/605.1.15', 'Safari', '18', 'macOS', '10.15', 'desktop', MAC_SCREENS), 5],
  [client('Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:140.0) Gecko/20100101 Firefox/140.0', 'Firefox', '140', 'macOS', '10.15', 'desktop', MAC_SCREENS), 2],
  [client('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36', 'Chrome', '138', 'Linux', null, 'desktop', PC_SCREENS), 3],
  [client('Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0', 'Firefox', '140', 'Ubuntu', null, 'desktop', PC_SCREENS), 2],
  [client('Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36', 'Chrome', '138', 'Chrome OS', '14541', 'desktop', PC_SCREENS), 0.7],
  [
    client('Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1', 'Mobile Safari', '18', 'iOS', '18', 'mobile', IPHONE_SCREENS),
    14,
  ],
  [
    client('Mozilla/5.0 (iPhone; CPU iPhone OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.7 Mobile/15E148 Safari/604.1', 'Mobile Safari', '17', 'iOS', '17', 'mobile', IPHONE_SCREENS),
    3,
  ],
  [
    client('Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/138.0.7204.119 Mobile/15E148 Safari/604.1', 'Mobile Chrome', '138', 'iOS', '18', 'mobile', IPHONE_SCREENS),
    2,
  ],
  [client('Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Mobile Safari/537.36', 'Mobile Chrome', '138', 'Android', '10', 'mobile', ANDROID_SCREENS), 12],
  [client('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Mobile Safari/537.36', 'Mobile Chrome', '138', 'Android', '14', 'mobile', ANDROID_SCREENS), 4],
  [
    client('Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/28.0 Chrome/130.0.0.0 Mobile Safari/537.36', 'Samsung Internet', '28', 'Android', '14', 'mobile', ANDROID_SCREENS),
    3,
  ],
  [client('Mozilla/5.0 (Android 14; Mobile; rv:140.0) Gecko/140.0 Firefox/140.0', 'Mobile Firefox', '140', 'Android', '14', 'mobile', ANDROID_SCREENS), 1],
  [
    client('Mozilla/5.0 (iPad; CPU OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1', 'Mobile Safari', '18', 'iOS', '18', 'tablet', IPAD_SCREENS),
    2,
  ],
  [client('Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36', 'Chrome', '138', 'Android', '13', 'tablet', ANDROID_TABLET_SCREENS), 1],
];
export const CLIENTS = new Weighted(CLIENT_LIST);

function client(userAgent: string, browser: string, browserVersion: string, os: string, osVersion: string | null, device: Device, screens: Weighted<string>): Client {
  return { userAgent, browser, browserVersion, os, osVersion, device, screens };
}

/** ISO 3166-1 alpha-2, as the bundled country database gives them; null: an address it does not place. */
export const COUNTRIES = new Weighted<string | null>([
  ['US', 28],
  ['DE', 9],
  ['GB', 8],
  ['FR', 6],
  ['IN', 6],
  ['CA', 4],
  ['NL', 3],
  ['BR', 3],
  ['JP', 2.5],
  ['AU', 2],
  ['ES', 2],
  ['IT', 2],
  ['SE', 1.5],
  ['PL', 1.5],
  ['CH', 1.2],
  ['AT', 1],
  ['BE', 1],
  ['DK', 0.8],
  ['FI', 0.7],
  ['NO', 0.7],
  ['IE', 0.6],
  ['CZ', 0.6],
  ['PT', 0.6],
  ['MX', 0.8],
  ['AR', 0.5],
  ['KR', 0.8],
  ['SG', 0.6],
  ['ZA', 0.5],
  ['NG', 0.4],
  ['UA', 0.6],
  ['TR', 0.5],
  ['IL', 0.4],
  ['NZ', 0.4],
  [null, 0.8],
]);

/** Custom events the site sends, with the pages they happen on and how often per pageview. */
export interface CustomEvent {
  name: string;
  /** Flat JSON properties, already serialised as collection stores them. */
  props: Weighted<string | null>;
  chance: number;
  /** The visitor leaves right after (an outbound link). */
  leaves: boolean;
}

const json = (props: Record<string, string>) => JSON.stringify(props);

export const SIGNUP: CustomEvent = {
  name: 'Signup',
  props: new Weighted([
    [json({ plan: 'free' }), 60],
    [json({ plan: 'pro' }), 30],
    [json({ plan: 'team' }), 10],
  ]),
  chance: 0.35,
  leaves: false,
};

/** `File Download` and `Outbound Link: Click` are what the snippet records with data-downloads and data-outbound. */
export function pageEvents(domain: string): (path: string) => CustomEvent[] {
  const download: CustomEvent = {
    name: 'File Download',
    props: new Weighted([
      [json({ url: `https://${domain}/downloads/cairn-1.4.0.tar.gz` }), 6],
      [json({ url: `https://${domain}/downloads/cairn-1.4.0.zip` }), 3],
      [json({ url: `https://${domain}/downloads/cairn-whitepaper.pdf` }), 2],
    ]),
    chance: 0.12,
    leaves: false,
  };
  const outbound: CustomEvent = {
    name: 'Outbound Link: Click',
    props: new Weighted([
      [json({ url: 'https://github.com/cairn-analytics/cairn' }), 6],
      [json({ url: 'https://hub.docker.com/r/cairn/cairn' }), 3],
      [json({ url: 'https://news.ycombinator.com/item?id=41234567' }), 1],
    ]),
    chance: 0.04,
    leaves: true,
  };
  const newsletter: CustomEvent = {
    name: 'Newsletter',
    props: new Weighted([
      [json({ position: 'post-end' }), 3],
      [json({ position: 'footer' }), 1],
    ]),
    chance: 0.03,
    leaves: false,
  };
  const byPath = new Map<string, CustomEvent[]>();
  for (const path of Object.keys(PAGE_TITLES)) {
    const events: CustomEvent[] = [];
    if (path === '/signup') events.push(SIGNUP);
    if (path === '/docs/installation' || path === '/changelog') events.push(download);
    if (path === '/' || path.startsWith('/docs') || path.startsWith('/blog/')) events.push(outbound);
    if (path.startsWith('/blog/')) events.push(newsletter);
    byPath.set(path, events);
  }
  return (path) => byPath.get(path) ?? [];
}
