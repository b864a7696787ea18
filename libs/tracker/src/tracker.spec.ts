/**
 * @jest-environment ./libs/tracker/jsdom-environment.cjs
 *
 * The minified tracker (exactly what GET /tracker.js serves) run in a fresh jsdom window per test,
 * with `navigator.sendBeacon` captured, the clock stubbed and `document.currentScript` pointing at the
 * `<script data-site=… src="https://cairn.example.org/tracker.js">` element.
 */
import { jest } from '@jest/globals';
import type * as JsdomModule from 'jsdom';
import type { DOMWindow } from 'jsdom';
import { buildTracker } from '../build.mjs';

interface Sent {
  url: string;
  body: Record<string, unknown>;
  via: 'beacon' | 'fetch';
  init?: Record<string, unknown>;
  contentType?: string;
}

interface Page {
  window: DOMWindow;
  sent: Sent[];
  /** Beacon bodies are Blobs: read them all. */
  flushed(): Promise<Sent[]>;
  clock: { now: number };
  setHidden(hidden: boolean): void;
  /** The window's own properties just before the tracker ran. */
  globalsBefore: Set<string>;
  click(selector: string, init?: Record<string, unknown>, type?: string): void;
}

interface LoadOptions {
  url?: string;
  attrs?: Record<string, string>;
  referrer?: string;
  body?: string;
  beaconReturns?: boolean;
  /** Runs before the tracker: stub navigator/window properties here. */
  before?: (window: DOMWindow) => void;
}

// Provided by the environment (see ../jsdom-environment.cjs): jsdom loaded by Node, not by Jest.
const { JSDOM, VirtualConsole } = (globalThis as unknown as { jsdom: typeof JsdomModule }).jsdom;

let code: string;
const pages: Page[] = [];

beforeAll(async () => {
  ({ code } = await buildTracker());
});

afterEach(() => {
  for (const page of pages.splice(0)) page.window.close();
  jest.restoreAllMocks();
});

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

function load(options: LoadOptions = {}): Page {
  const dom = new JSDOM(
    `<!doctype html><html><head><title>Home</title></head><body>${options.body ?? ''}</body></html>`,
    {
      url: options.url ?? 'https://example.com/start?utm_source=news',
      referrer: options.referrer,
      runScripts: 'outside-only',
      pretendToBeVisual: true,
      virtualConsole: new VirtualConsole(), // jsdom's "navigation not implemented" noise stays quiet
    },
  );
  const window = dom.window;
  const document = window.document;
  const script = document.createElement('script');
  script.setAttribute('data-site', 'example.com');
  for (const [name, value] of Object.entries(options.attrs ?? {})) script.setAttribute(name, value);
  script.src = 'https://cairn.example.org/tracker.js';
  document.head.append(script);
  Object.defineProperty(document, 'currentScript', { configurable: true, get: () => script });

  const clock = { now: 1_000_000 };
  window.Date.now = () => clock.now;

  let hidden = false;
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });

  const raw: Array<{ url: string; data: unknown; via: 'beacon' | 'fetch'; init?: Record<string, unknown> }> = [];
  Object.defineProperty(window.navigator, 'sendBeacon', {
    configurable: true,
    value: (url: unknown, data: unknown) => {
      raw.push({ url: String(url), data, via: 'beacon' });
      return options.beaconReturns ?? true;
    },
  });
  (window as unknown as { fetch: unknown }).fetch = (url: unknown, init: Record<string, unknown>) => {
    raw.push({ url: String(url), data: init.body, via: 'fetch', init });
    return Promise.resolve();
  };

  // Links navigate nowhere in tests (the tracker listens in the capture phase, before this).
  document.addEventListener('click', (e) => e.preventDefault());
  options.before?.(window);
  const globalsBefore = new Set(Object.getOwnPropertyNames(window));
  window.eval(code);

  const page: Page = {
    window,
    globalsBefore,
    clock,
    sent: [],
    async flushed() {
      page.sent = await Promise.all(
        raw.map(async (r) => {
          const blob = r.data as Blob;
          const text = typeof r.data === 'string' ? r.data : await blob.text();
          return { url: r.url, via: r.via, init: r.init, contentType: typeof r.data === 'string' ? undefined : blob.type, body: JSON.parse(text) };
        }),
      );
      return page.sent;
    },
    setHidden(value) {
      hidden = value;
      document.dispatchEvent(new window.Event('visibilitychange', { bubbles: true }));
    },
    click(selector, init = {}, type = 'click') {
      const target = document.querySelector(selector)!;
      target.dispatchEvent(new window.MouseEvent(type, { bubbles: true, cancelable: true, button: 0, ...init }));
    },
  };
  pages.push(page);
  return page;
}

const types = (sent: Sent[]) => sent.map((s) => s.body.type);

describe('tracker', () => {
  it('records a pageview on load with the contract fields, to the script origin', async () => {
    const page = load({ referrer: 'https://news.example.net/story' });
    const [event, ...rest] = await page.flushed();
    expect(rest).toEqual([]);
    expect(event.via).toBe('beacon');
    expect(event.url).toBe('https://cairn.example.org/api/event');
    expect(event.contentType).toBeUndefined(); // a string body: the browser sends it as text/plain;charset=UTF-8
    expect(event.body).toEqual({
      site: 'example.com',
      type: 'pageview',
      url: 'https://example.com/start?utm_source=news',
      referrer: 'https://news.example.net/story',
      title: 'Home',
      screen: `${page.window.screen.width}x${page.window.screen.height}`,
    });
  });

  it('uses data-api as the endpoint', async () => {
    const page = load({ attrs: { 'data-api': 'https://collect.example.org/e' } });
    expect((await page.flushed())[0].url).toBe('https://collect.example.org/e');
  });

  it('defines no global but trackEvent', () => {
    const page = load();
    const added = Object.getOwnPropertyNames(page.window).filter((k) => !page.globalsBefore.has(k));
    expect(added).toEqual(['trackEvent']);
  });

  it('on pushState sends the engagement of the previous page, then a pageview without referrer', async () => {
    const page = load({ referrer: 'https://news.example.net/' });
    page.clock.now += 4_200;
    page.window.history.pushState({}, '', '/docs');
    page.window.document.title = 'Docs'; // apps set the title right after pushState
    await tick();
    const sent = await page.flushed();
    expect(types(sent)).toEqual(['pageview', 'engagement', 'pageview']);
    expect(sent[1].body).toMatchObject({ url: 'https://example.com/start?utm_source=news', engagedMs: 4_200 });
    expect(sent[2].body).toMatchObject({ url: 'https://example.com/docs', title: 'Docs' });
    expect(sent[2].body).not.toHaveProperty('referrer');
  });

  it('does not send an engagement when no visible time passed', async () => {
    const page = load();
    page.window.history.pushState({}, '', '/docs');
    await tick();
    expect(types(await page.flushed())).toEqual(['pageview', 'pageview']);
  });

  it('sends nothing for a replaceState to the same URL', async () => {
    const page = load();
    page.clock.now += 1_000;
    page.window.history.replaceState({ some: 'state' }, '', page.window.location.href);
    await tick();
    expect(types(await page.flushed())).toEqual(['pageview']);
  });

  it('records a pageview on replaceState to a new URL and on popstate', async () => {
    const page = load();
    page.window.history.replaceState({}, '', '/a');
    await tick();
    page.window.history.pushState({}, '', '/b');
    await tick();
    page.window.history.back();
    await tick(30);
    const urls = (await page.flushed()).filter((s) => s.body.type === 'pageview').map((s) => s.body.url);
    expect(urls).toEqual(['https://example.com/start?utm_source=news', 'https://example.com/a', 'https://example.com/b', 'https://example.com/a']);
  });

  it('ignores hash changes without data-hash', async () => {
    const page = load();
    page.window.location.hash = '#section-2';
    await tick(30);
    page.window.history.pushState({}, '', '#/route');
    await tick();
    expect(types(await page.flushed())).toEqual(['pageview']);
  });

  it('counts hash changes with data-hash', async () => {
    const page = load({ url: 'https://example.com/app#/home', attrs: { 'data-hash': '' } });
    page.window.location.hash = '#/settings';
    await tick(30);
    const sent = await page.flushed();
    expect(sent.map((s) => s.body.url)).toEqual(['https://example.com/app#/home', 'https://example.com/app#/settings']);
  });

  it('trackEvent sends a custom event with flat props only', async () => {
    const page = load();
    const trackEvent = (page.window as unknown as { trackEvent: (n: string, p?: unknown) => void }).trackEvent;
    trackEvent('Signup', { plan: 'pro', seats: 3, yearly: true, nested: { a: 1 }, list: [1], nil: null, fn: () => 1, u: undefined });
    trackEvent('Bare');
    const sent = await page.flushed();
    expect(sent[1].body).toMatchObject({ type: 'event', name: 'Signup', props: { plan: 'pro', seats: 3, yearly: true }, url: 'https://example.com/start?utm_source=news' });
    expect(Object.keys(sent[1].body.props as object)).toEqual(['plan', 'seats', 'yearly']);
    expect(sent[2].body).toMatchObject({ type: 'event', name: 'Bare', props: {} });
  });

  it('trackEvent carries revenue from its third argument', async () => {
    const page = load();
    const trackEvent = (page.window as unknown as { trackEvent: (n: string, p?: unknown, o?: unknown) => void }).trackEvent;
    trackEvent('Purchase', { plan: 'pro' }, { revenue: { amount: 29.9, currency: 'EUR' } });
    trackEvent('Free', { plan: 'free' });
    const sent = await page.flushed();
    expect(sent[1].body).toMatchObject({ type: 'event', name: 'Purchase', props: { plan: 'pro' }, revenue: { amount: 29.9, currency: 'EUR' } });
    expect(sent[2].body).not.toHaveProperty('revenue');
  });

  it('sends the deepest scroll position as a percent of the page with each engagement, from 0 again on the next page', async () => {
    const page = load();
    const { window } = page;
    Object.defineProperty(window.document.body, 'scrollHeight', { configurable: true, get: () => 4000 });
    Object.defineProperty(window, 'innerHeight', { configurable: true, get: () => 1000 });
    let y = 0;
    Object.defineProperty(window, 'scrollY', { configurable: true, get: () => y });
    const scrollTo = (to: number) => {
      y = to;
      window.document.dispatchEvent(new window.Event('scroll'));
    };
    scrollTo(1400);
    scrollTo(2000); // bottom at 3000 of 4000: 75 %
    scrollTo(500); // scrolling back up keeps the deepest
    page.clock.now += 3_000;
    window.history.pushState({}, '', '/next');
    await tick();
    page.clock.now += 2_000;
    page.setHidden(true); // nothing scrolled on /next: its first screen, 1000 of 4000
    const sent = await page.flushed();
    expect(sent.map((s) => [s.body.type, s.body.scrollDepth])).toEqual([
      ['pageview', undefined],
      ['engagement', 75],
      ['pageview', undefined],
      ['engagement', 25],
    ]);
  });

  it('records data-cairn-event clicks (on the element or a descendant) with their props', async () => {
    const page = load({
      body: '<button data-cairn-event="Signup" data-cairn-event-plan="pro" data-cairn-event-billing-cycle="yearly" data-other="x"><span id="inner">Go</span></button>',
    });
    page.click('#inner');
    const sent = await page.flushed();
    expect(sent[1].body).toMatchObject({ type: 'event', name: 'Signup', props: { plan: 'pro', 'billing-cycle': 'yearly' } });
    expect(Object.keys(sent[1].body.props as object)).toHaveLength(2);
  });

  const links =
    '<a id="out" href="https://other.example.net/page">out</a> <a id="in" href="/about">in</a> ' +
    '<a id="mail" href="mailto:a@example.com">mail</a> <a id="pdf" href="/files/report.PDF?v=2">pdf</a> ' +
    '<a id="zip" href="https://cdn.example.net/app-1.2.zip"><b id="zipb">zip</b></a> <a id="html" href="/files/report.html">html</a>';

  it('records outbound link clicks with data-outbound (and middle clicks), not same-host ones', async () => {
    const page = load({ attrs: { 'data-outbound': '' }, body: links });
    page.click('#out');
    page.click('#in');
    page.click('#mail');
    page.click('#out', { button: 1 }, 'auxclick');
    page.click('#out', { button: 2 }, 'auxclick');
    const sent = (await page.flushed()).slice(1);
    expect(sent.map((s) => s.body)).toEqual([
      expect.objectContaining({ type: 'event', name: 'Outbound Link: Click', props: { url: 'https://other.example.net/page' } }),
      expect.objectContaining({ type: 'event', name: 'Outbound Link: Click', props: { url: 'https://other.example.net/page' } }),
    ]);
  });

  it('records nothing for link clicks without data-outbound / data-downloads', async () => {
    const page = load({ body: links });
    for (const id of ['#out', '#pdf', '#zip']) page.click(id);
    expect(types(await page.flushed())).toEqual(['pageview']);
  });

  it('records file downloads with data-downloads', async () => {
    const page = load({ attrs: { 'data-downloads': '' }, body: links });
    for (const id of ['#pdf', '#zipb', '#html', '#in', '#out']) page.click(id);
    const sent = (await page.flushed()).slice(1);
    expect(sent.map((s) => [s.body.name, (s.body.props as { url: string }).url])).toEqual([
      ['File Download', 'https://example.com/files/report.PDF?v=2'],
      ['File Download', 'https://cdn.example.net/app-1.2.zip'],
    ]);
  });

  it('sends exactly one engagement per hidden period, and only the additional time after', async () => {
    const page = load();
    page.clock.now += 3_000;
    page.setHidden(true);
    page.window.dispatchEvent(new page.window.PageTransitionEvent('pagehide'));
    page.setHidden(true);
    page.clock.now += 60_000; // hidden time never counts
    page.setHidden(false);
    page.clock.now += 2_500;
    page.window.dispatchEvent(new page.window.PageTransitionEvent('pagehide')); // fires before visibilitychange
    page.clock.now += 5;
    page.setHidden(true);
    const sent = await page.flushed();
    expect(types(sent)).toEqual(['pageview', 'engagement', 'engagement']);
    expect(sent[1].body).toMatchObject({ url: 'https://example.com/start?utm_source=news', engagedMs: 3_000 });
    expect(sent[2].body.engagedMs).toBe(2_500);
    expect(Number.isInteger(sent[1].body.engagedMs)).toBe(true);
  });

  it('does not count time while the page loaded hidden', async () => {
    const page = load({ before: (w) => Object.defineProperty(w.document, 'hidden', { configurable: true, get: () => true }) });
    page.clock.now += 10_000;
    page.window.dispatchEvent(new page.window.PageTransitionEvent('pagehide'));
    expect(types(await page.flushed())).toEqual(['pageview']);
  });

  it('falls back to fetch with keepalive when sendBeacon returns false', async () => {
    const page = load({ beaconReturns: false });
    const sent = await page.flushed();
    expect(sent.map((s) => s.via)).toEqual(['beacon', 'fetch']);
    expect(sent[1].url).toBe('https://cairn.example.org/api/event');
    expect(sent[1].init).toMatchObject({ method: 'POST', keepalive: true });
    expect(sent[1].body).toMatchObject({ type: 'pageview', site: 'example.com' });
  });

  it('falls back to fetch when sendBeacon is missing', async () => {
    const page = load({ before: (w) => Object.defineProperty(w.navigator, 'sendBeacon', { configurable: true, value: undefined }) });
    expect((await page.flushed()).map((s) => s.via)).toEqual(['fetch']);
  });

  describe('skips', () => {
    const skipped: Array<[string, LoadOptions]> = [
      ['localhost', { url: 'http://localhost:3000/' }],
      ['127.0.0.1', { url: 'http://127.0.0.1:8080/x' }],
      ['[::1]', { url: 'http://[::1]:8080/' }],
      ['file:', { url: 'file:///home/me/index.html' }],
      ['navigator.webdriver', { before: (w) => Object.defineProperty(w.navigator, 'webdriver', { get: () => true }) }],
      ['DNT with data-respect-dnt', { attrs: { 'data-respect-dnt': '' }, before: (w) => Object.defineProperty(w.navigator, 'doNotTrack', { get: () => '1' }) }],
      ['GPC with data-respect-dnt', { attrs: { 'data-respect-dnt': '' }, before: (w) => Object.defineProperty(w.navigator, 'globalPrivacyControl', { get: () => true }) }],
    ];
    it.each(skipped)('%s: sends nothing, trackEvent is a no-op', async (_name, options) => {
      const page = load({ ...options, body: '<button data-cairn-event="X">x</button>' });
      page.clock.now += 5_000;
      (page.window as unknown as { trackEvent: (n: string) => void }).trackEvent('Signup');
      page.click('button');
      try {
        page.window.history.pushState({}, '', '/next');
      } catch {
        // file: pages cannot pushState in jsdom
      }
      await tick();
      page.setHidden(true);
      expect(await page.flushed()).toEqual([]);
    });

    it('tracks localhost, file: and automated browsers with data-allow-local', async () => {
      for (const url of ['http://localhost:3000/', 'file:///home/me/index.html']) {
        const page = load({ url, attrs: { 'data-allow-local': '' }, before: (w) => Object.defineProperty(w.navigator, 'webdriver', { get: () => true }) });
        expect((await page.flushed()).map((s) => [s.body.type, s.body.url])).toEqual([['pageview', url]]);
      }
    });

    it('tracks a DNT browser without data-respect-dnt', async () => {
      const page = load({ before: (w) => Object.defineProperty(w.navigator, 'doNotTrack', { get: () => '1' }) });
      expect(types(await page.flushed())).toEqual(['pageview']);
    });

    it('does not mistake localhost-like public hosts for local ones', async () => {
      const page = load({ url: 'https://localhost.example.com/' });
      expect(types(await page.flushed())).toEqual(['pageview']);
    });
  });

  it('never touches cookies, localStorage or sessionStorage', async () => {
    const touched: string[] = [];
    const page = load({
      attrs: { 'data-outbound': '', 'data-downloads': '' },
      body: links + '<button data-cairn-event="X">x</button>',
      before: (w) => {
        const storage: Storage = w.Storage.prototype;
        jest.spyOn(storage, 'setItem').mockImplementation(() => touched.push('Storage.setItem'));
        jest.spyOn(storage, 'getItem').mockImplementation(() => (touched.push('Storage.getItem'), null));
        jest.spyOn(storage, 'removeItem').mockImplementation(() => touched.push('Storage.removeItem'));
        const cookie = Object.getOwnPropertyDescriptor(w.Document.prototype, 'cookie')!;
        Object.defineProperty(w.document, 'cookie', {
          configurable: true,
          get: () => (touched.push('cookie get'), cookie.get!.call(w.document)),
          set: (v) => (touched.push('cookie set'), cookie.set!.call(w.document, v)),
        });
        for (const name of ['localStorage', 'sessionStorage', 'indexedDB']) {
          const own = Object.getOwnPropertyDescriptor(w, name);
          Object.defineProperty(w, name, { configurable: true, get: () => (touched.push(name), own?.get?.call(w) ?? own?.value) });
        }
      },
    });
    (page.window as unknown as { trackEvent: (n: string, p: object) => void }).trackEvent('E', { a: 1 });
    for (const id of ['#out', '#pdf', 'button']) page.click(id);
    page.window.history.pushState({}, '', '/next');
    await tick();
    page.clock.now += 1_000;
    page.setHidden(true);
    expect((await page.flushed()).length).toBeGreaterThan(5);
    expect(touched).toEqual([]);
    expect(page.window.document.cookie).toBe('');
  });
});
