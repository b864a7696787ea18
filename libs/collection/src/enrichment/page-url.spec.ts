import { parsePageUrl } from './page-url.js';

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
