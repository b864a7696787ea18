import { parsePageUrl, parseWithUrl, splitHttpUrl } from './page-url.js';

describe(parsePageUrl.name, () => {
  it('keeps the path and the UTM tags, and drops every other query parameter', () => {
    expect(parsePageUrl('https://Example.com/pricing/?utm_source=newsletter&utm_medium=email&utm_campaign=spring&session=abc&email=a@b.c')).toEqual({
      hostname: 'example.com',
      path: '/pricing',
      utm: { source: 'newsletter', medium: 'email', campaign: 'spring', term: null, content: null },
    });
  });

  it.each([
    ['https://example.com', '/'],
    ['https://example.com/', '/'],
    ['https://example.com//', '/'],
    ['https://example.com/blog/', '/blog'],
    ['https://example.com/caf%C3%A9', '/café'],
    ['https://example.com/bad%E0%A4%A', '/bad%E0%A4%A'],
    ['https://example.com/docs#install', '/docs'],
    ['https://example.com/#/settings/profile', '#/settings/profile'],
    ['https://example.com/app#!/inbox', '/app#/inbox'],
  ])('%s → %s', (url, path) => {
    expect(parsePageUrl(url)?.path).toBe(path);
  });

  it('caps very long paths', () => {
    expect(parsePageUrl(`https://example.com/${'a'.repeat(5000)}`)!.path).toHaveLength(1024);
  });

  it('takes ref= as a source when there is no utm_source', () => {
    expect(parsePageUrl('https://example.com/?ref=producthunt')!.utm.source).toBe('producthunt');
  });

  it('answers the same URL twice running with one frozen answer, and each new URL afresh', () => {
    const first = parsePageUrl('https://example.com/a?utm_source=x');
    expect(parsePageUrl('https://example.com/a?utm_source=x')).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first!.utm)).toBe(true);
    expect(parsePageUrl('https://example.com/b')!.path).toBe('/b');
    expect(parsePageUrl('not a url')).toBeNull();
    expect(parsePageUrl('https://example.com/a?utm_source=x')).toEqual(first);
  });

  it.each(['', '/relative', 'javascript:alert(1)', 'ftp://example.com/x', 'file:///etc/passwd'])('refuses %j', (url) => {
    expect(parsePageUrl(url)).toBeNull();
  });
});

describe(splitHttpUrl.name, () => {
  const pick = <T>(list: readonly T[], random: () => number): T => list[Math.floor(random() * list.length)];
  const SCHEMES = ['http://', 'https://', 'HTTP://', 'http:/', 'http:', 'https:\\\\', 'ftp://', ' http://', 'javascript:'];
  const HOSTS = ['example.com', 'Example.com', 'www.example.co.uk', 'a..b', 'a.b.', '.a.b', 'xn--nxasmq6b.com', 'a.xn--bad', 'xn--', '1.2.3.4', '1.2.3', '0x7f.1', 'host.0x', 'a.0x1g', 'a.123', '123.a', '09.a', 'a_b.com', 'a-b--c.com', '-a-.com', '[::1]', '[::FFFF:1.2.3.4]', 'user@host', 'u:p@host', 'host:80', 'host:99999', '', 'ü.com', 'a%41.com', 'localhost'];
  const PATHS = ['', '/', '//', '/a', '/a/', '/./', '/../', '/a/..', '/a/.', '/.well-known/x', '/.x', '/..x', '/%2e%2e/', '/%41', '/a b', "/it's", '/a\\b', '/é', '/a;b=c,d', '/~u_v', '/(x)*', '/"q"', '/{x}', '/`', '/a\tb', '/a\nb', '/<x>', '/a:b@c', '/a|b', '/a^b'];
  const QUERIES = ['', '?', '?a=1', '?utm_source=x&utm_medium=y', '?ref=hn', "?q='x'", '?a b', '?%zz', '?a=%20', '?a=1?b', '?é', '?a+b', '?"', '?<', '?a`b', '?{x}', '?a|b'];
  const FRAGMENTS = ['', '#', '#top', '#/x/y', '#!/inbox', '#a#b', '#a b', '#%20', '#é', '#"', "#'", '#`', '#<x>', '#a?b', '#{x}'];

  it('gives what URL parsing gives, for plain URLs and every kind of odd one', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const Url = globalThis.URL;
    let parsed = 0;
    const counted = class extends Url {
      constructor(input: string | URL, base?: string | URL) {
        super(input, base);
        parsed += 1;
      }
    };
    for (let i = 0; i < 20_000; i++) {
      const raw = pick(SCHEMES, random) + pick(HOSTS, random) + pick(PATHS, random) + pick(PATHS, random) + pick(QUERIES, random) + pick(FRAGMENTS, random);
      const expected = parseWithUrl(raw);
      globalThis.URL = counted;
      const parts = splitHttpUrl(raw);
      globalThis.URL = Url;
      expect({ raw, parts }).toEqual({ raw, parts: expected });
    }
    // Both ways were taken: plain URLs sliced directly (no URL built), the others parsed.
    expect(20_000 - parsed).toBeGreaterThan(1000);
    expect(parsed).toBeGreaterThan(10_000);
  });

  it('slices a plain URL into its parts', () => {
    expect(splitHttpUrl('https://example.com/a/b?utm_source=x#top')).toEqual({ hostname: 'example.com', pathname: '/a/b', search: '?utm_source=x', hash: '#top' });
    expect(splitHttpUrl('http://example.com?#')).toEqual({ hostname: 'example.com', pathname: '/', search: '', hash: '' });
  });
});
